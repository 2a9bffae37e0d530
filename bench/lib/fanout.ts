import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/server/db/client.ts';

// What fan-out on write would cost on a seeded community: every memory copied into the feed of its
// author, followers and friends (one row each), computed from the graph, plus a measured sample of
// such a table on the same server (write speed, bytes per row on disk).

/** (user_id uuid, memory_id uuid, created_at timestamptz) = 16 + 16 + 8 bytes of data per row. */
export const RAW_FEED_ROW_BYTES = 40;
/** Rows written into the measured sample table. */
const SAMPLE_ROWS = 1_000_000;

export interface FanoutStats {
  memories: number;
  /** Σ over memories of (author's followers + friends + 1): the brief's upper bound. */
  rows: number;
  maxPerMemory: number;
  /** Same, but each reader counted once (a friend who also follows) and only readers allowed by the visibility. */
  visibleRows: number;
  visibleMaxPerMemory: number;
  /** Fan-out rows for the memories of the last 30 days, per day. */
  rowsPerDayLast30: number;
  sample: {
    rows: number;
    memories: number;
    ms: number;
    heapBytesPerRow: number;
    indexBytesPerRow: number;
  };
}

const AUDIENCE = sql`
  select followee_id as author_id, follower_id as reader_id from follows
  union select user_low_id, user_high_id from friendships
  union select user_high_id, user_low_id from friendships`;

export async function computeFanout(db: DatabaseHandle): Promise<FanoutStats> {
  const [totals] = await db.rows<Record<string, number | string>>(sql`
    with readers as (select author_id, count(*) as n from (${AUDIENCE}) a group by author_id),
    per_memory as (
      select m.created_at,
             u.follower_count + u.friend_count + 1 as naive,
             case m.visibility when 'private' then 1
                               when 'friends' then u.friend_count + 1
                               else coalesce(r.n, 0) + 1 end as visible
      from memories m
      join users u on u.id = m.author_id
      left join readers r on r.author_id = m.author_id)
    select count(*)::bigint as memories,
           sum(naive)::bigint as rows,
           max(naive)::int as max_per_memory,
           sum(visible)::bigint as visible_rows,
           max(visible)::int as visible_max,
           (coalesce(sum(naive) filter (where created_at > (select max(created_at) from memories) - interval '30 days'), 0) / 30.0)::float8 as per_day
    from per_memory`);
  const memories = Number(totals?.memories ?? 0);
  const rows = Number(totals?.rows ?? 0);

  // The newest memories whose audiences add up to about SAMPLE_ROWS feed rows.
  const sampleMemories = Math.max(
    1,
    Math.min(memories, Math.ceil((memories * SAMPLE_ROWS) / Math.max(1, rows))),
  );
  await db.rows(sql`drop table if exists feed_fanout_sample`);
  await db.rows(sql`create table feed_fanout_sample (
    user_id uuid not null, memory_id uuid not null, created_at timestamptz(3) not null,
    primary key (user_id, created_at, memory_id))`);
  try {
    const t0 = performance.now();
    await db.rows(sql`
      insert into feed_fanout_sample (user_id, memory_id, created_at)
      select r.reader_id, m.id, m.created_at
      from (select id, author_id, created_at from memories order by created_at desc, id desc limit ${sampleMemories}) m
      cross join lateral (
        select f.follower_id as reader_id from follows f where f.followee_id = m.author_id
        union select fr.user_high_id from friendships fr where fr.user_low_id = m.author_id
        union select fr.user_low_id from friendships fr where fr.user_high_id = m.author_id
        union select m.author_id) r`);
    const ms = performance.now() - t0;
    await db.rows(sql`vacuum analyze feed_fanout_sample`);
    const [size] = await db.rows<Record<string, number | string>>(sql`
      select (select count(*) from feed_fanout_sample)::bigint as rows,
             pg_table_size('feed_fanout_sample')::bigint as heap,
             pg_indexes_size('feed_fanout_sample')::bigint as index`);
    const sampleRows = Math.max(1, Number(size?.rows ?? 1));
    return {
      memories,
      rows,
      maxPerMemory: Number(totals?.max_per_memory ?? 0),
      visibleRows: Number(totals?.visible_rows ?? 0),
      visibleMaxPerMemory: Number(totals?.visible_max ?? 0),
      rowsPerDayLast30: Number(totals?.per_day ?? 0),
      sample: {
        rows: sampleRows,
        memories: sampleMemories,
        ms,
        heapBytesPerRow: Number(size?.heap ?? 0) / sampleRows,
        indexBytesPerRow: Number(size?.index ?? 0) / sampleRows,
      },
    };
  } finally {
    await db.rows(sql`drop table if exists feed_fanout_sample`);
  }
}
