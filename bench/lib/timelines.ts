import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/server/db/client.ts';
import { HOME_TIMELINE_CAP } from '../../src/server/modules/relations/home-timelines.repo.ts';

// What the home timelines (fan-out on write, relations/home-timelines.repo.ts) hold on the seeded
// community and what they cost: rows, rows per dancer, bytes on disk, and the rows one new memory writes.

export interface TimelineStats {
  cap: number;
  rows: number;
  owners: number;
  avgPerOwner: number;
  maxPerOwner: number;
  /** Timelines trimmed at the cap: their older pages come from the sources. */
  floors: number;
  heapBytes: number;
  indexBytes: number;
  memories: number;
  /** Rows a memory writes when shared (its author, and followers and friends as its visibility allows). */
  fanoutAvg: number;
  fanoutMax: number;
}

export async function computeTimelines(db: DatabaseHandle): Promise<TimelineStats> {
  const [t] = await db.rows<Record<string, number | string>>(sql`
    with per_owner as (select owner_id, count(*) as n from home_entries group by owner_id)
    select (select count(*) from home_entries)::bigint as rows,
           (select count(*) from per_owner)::bigint as owners,
           (select coalesce(avg(n), 0) from per_owner)::float8 as avg_per_owner,
           (select coalesce(max(n), 0) from per_owner)::bigint as max_per_owner,
           (select count(*) from home_timelines)::bigint as floors,
           pg_table_size('home_entries')::bigint as heap,
           pg_indexes_size('home_entries')::bigint as index`);
  // The audience of each memory as fanOutQuery counts it (muters left aside: they are few).
  const [f] = await db.rows<Record<string, number | string>>(sql`
    with readers as (
      select followee_id as author_id, count(*) as followers from follows group by followee_id
    ), friends as (
      select u as author_id, count(*) as friends from (
        select user_low_id as u from friendships union all select user_high_id from friendships) x group by u
    ), per_memory as (
      select case m.visibility when 'private' then 1
                               when 'friends' then coalesce(fr.friends, 0) + 1
                               else coalesce(r.followers, 0) + coalesce(fr.friends, 0) + 1 end as n
      from memories m
      left join readers r on r.author_id = m.author_id
      left join friends fr on fr.author_id = m.author_id
      where m.group_id is null)
    select count(*)::bigint as memories, coalesce(avg(n), 0)::float8 as avg, coalesce(max(n), 0)::bigint as max
    from per_memory`);
  return {
    cap: HOME_TIMELINE_CAP,
    rows: Number(t?.rows ?? 0),
    owners: Number(t?.owners ?? 0),
    avgPerOwner: Number(t?.avg_per_owner ?? 0),
    maxPerOwner: Number(t?.max_per_owner ?? 0),
    floors: Number(t?.floors ?? 0),
    heapBytes: Number(t?.heap ?? 0),
    indexBytes: Number(t?.index ?? 0),
    memories: Number(f?.memories ?? 0),
    fanoutAvg: Number(f?.avg ?? 0),
    fanoutMax: Number(f?.max ?? 0),
  };
}
