import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import {
  bookmarksQuery,
  cityFeedQuery,
  groupFeedQuery,
  homeFeedQuery,
  memoryByIdQuery,
  publicFeedQuery,
  tagFeedQuery,
  userFeedQuery,
} from './feeds.repo.ts';
import {
  fanOutQuery,
  HOME_TIMELINE_CAP,
  refreshSourceQueries,
  trimHomeTimelinesQuery,
} from '../relations/home-timelines.repo.ts';
import { rebuildHomeTimelines } from './home-rebuild.repo.ts';
import { checkCachedPageQuery, hydratePageQuery } from './memories-view.repo.ts';

// A large community: 20,000 dancers, 100,000 memories, 200 follows each for the first 200; 1,000
// groups (a third private) holding 10,000 of the memories, and 20 groups per dancer for the first 500.
const USERS = 20_000;
const MEMORIES = 100_000;

let database: DatabaseHandle;
let viewer = '';
let author = '';
let aMemory = '';
const page = { cursor: undefined, take: 21 };
const deep = () => ({
  cursor: { createdAt: new Date(Date.now() - 200 * 86_400_000), id: aMemory },
  take: 21,
});

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await db.execute(sql`
    insert into users (id, username, email, display_name, city, created_at)
    select gen_random_uuid(), 'feed_user_' || g, 'feed_user_' || g || '@example.test', 'Feed ' || g,
           (array['Buenos Aires','Berlin','Paris','Montevideo','Istanbul'])[1 + g % 5],
           now() - interval '3 years' + (g || ' minutes')::interval
    from generate_series(1, ${USERS}) as g`);
  await db.execute(sql`create temporary table numbered as
    select id, row_number() over (order by created_at) as n from users`);
  await db.execute(sql`create index on numbered (n)`);
  await db.execute(sql`
    insert into memories (id, author_id, body, visibility, city, created_at)
    select gen_random_uuid(), u.id, 'Memoria ' || g || ' #milonga',
           (array['public','public','public','public','public','public','public','followers','friends','private'])[1 + g % 10],
           (array['Buenos Aires','Berlin','Paris','Montevideo','Istanbul'])[1 + g % 5],
           now() - ((g * 317) % 63072000 || ' seconds')::interval
    from generate_series(1, ${MEMORIES}) as g
    join numbered u on u.n = 1 + (g * 7919) % ${USERS}`);
  await db.execute(sql`
    insert into groups (id, name, visibility)
    select gen_random_uuid(), 'Grupo ' || g, case when g % 3 = 0 then 'private' else 'public' end
    from generate_series(1, 1000) as g`);
  await db.execute(sql`create temporary table numbered_groups as
    select id, row_number() over (order by id) as n from groups`);
  await db.execute(sql`
    update memories m set visibility = 'group', group_id = ng.id
    from (select id, row_number() over (order by id) as r from memories) x
    join numbered_groups ng on ng.n = 1 + x.r % 1000
    where m.id = x.id and x.r % 10 = 3`);
  await db.execute(sql`
    insert into group_members (group_id, user_id, role)
    select ng.id, u.id, 'member' from numbered u
    join generate_series(1, 20) as k on true
    join numbered_groups ng on ng.n = 1 + (u.n * 37 + k * 53) % 1000
    where u.n <= 500
    on conflict do nothing`);
  await db.execute(sql`
    insert into follows (follower_id, followee_id)
    select a.id, b.id from numbered a
    join generate_series(1, 200) as k on true
    join numbered b on b.n = 1 + (a.n * 31 + k * 97) % ${USERS}
    where a.n <= 200 and a.id <> b.id
    on conflict do nothing`);
  await db.execute(sql`
    insert into friendships (user_low_id, user_high_id)
    select least(a.id, b.id), greatest(a.id, b.id) from numbered a
    join numbered b on b.n = 1 + (a.n * 13) % ${USERS}
    where a.id <> b.id on conflict do nothing`);
  await db.execute(sql`
    insert into memory_tags (memory_id, tag, created_at)
    select id, (array['milonga','practica','vals','cabeceo'])[1 + (extract(epoch from created_at)::bigint % 4)], created_at
    from memories`);
  await db.execute(sql`
    insert into bookmarks (user_id, memory_id)
    select u.id, m.id from numbered u
    join (select id, row_number() over () as r from memories limit 10000) m on m.r % 500 = u.n % 500
    where u.n <= 500`);
  await rebuildHomeTimelines(db, HOME_TIMELINE_CAP);
  // As migration 0021 leaves a deployment: a floor for every dancer (here at their oldest row, or now).
  await db.execute(sql`
    insert into home_timelines (owner_id, floor_at, floor_id)
    select u.id, coalesce(min(e.created_at), now()), '00000000-0000-0000-0000-000000000000'::uuid
    from users u left join home_entries e on e.owner_id = u.id
    group by u.id
    on conflict do nothing`);
  // The inserts above noted ~20,000 feed changes through the triggers; an hour's worth of traffic.
  for (const table of [
    'users',
    'memories',
    'follows',
    'friendships',
    'memory_tags',
    'bookmarks',
    'feed_changes',
    'groups',
    'group_members',
    'home_entries',
    'home_timelines',
  ]) {
    await db.execute(sql`vacuum analyze ${sql.identifier(table)}`);
  }
  const [v] = await database.rows<{ id: string }>(sql`select id from numbered where n = 42`);
  const [a] = await database.rows<{ id: string }>(sql`select id from numbered where n = 4242`);
  const [m] = await database.rows<{ id: string }>(sql`select id from memories order by created_at limit 1`);
  viewer = v?.id ?? '';
  author = a?.id ?? '';
  aMemory = m?.id ?? '';
}, 300_000);
afterAll(() => database.close());

/** What a feed must never read by a sequential scan. */
const FEED_TABLES = ['memories', 'memory_tags'];

/** How many times each index was read by the query, by EXPLAIN ANALYZE (0: its branch never ran). */
async function loopsByIndex(query: SQL): Promise<Map<string, number>> {
  const [row] = await database.rows<{ 'QUERY PLAN': unknown }>(sql`explain (analyze, format json) ${query}`);
  const raw = row?.['QUERY PLAN'];
  const json: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const loops = new Map<string, number>();
  const walk = (node: Record<string, unknown>) => {
    const name = node['Index Name'];
    if (typeof name === 'string') loops.set(name, (loops.get(name) ?? 0) + Number(node['Actual Loops']));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((json as { Plan: Record<string, unknown> }[])[0]?.Plan ?? {});
  return loops;
}

describe('feed queries at 20,000 users and 100,000 memories', () => {
  it('home feed reads the timeline through home_entries_pkey, and the sources only past its floor', async () => {
    const [entries] = await database.rows<{ n: number }>(sql`select count(*)::int as n from home_entries`);
    expect(entries?.n).toBeGreaterThan(100_000);
    for (const w of [page, deep()]) {
      const plan = await explain(database.db, homeFeedQuery(viewer, w));
      expectIndexScan(plan, {
        indexes: ['home_entries_pkey', 'memories_author_created_idx'],
        noSeqScan: [...FEED_TABLES, 'follows', 'friendships', 'home_entries'],
      });
    }
    const first = await loopsByIndex(homeFeedQuery(viewer, page));
    expect(first.get('home_entries_pkey')).toBe(1);
    expect(first.get('memories_author_created_idx') ?? 0).toBe(0);
    // Two years back, past the 500 newest the timeline keeps: read from the sources.
    const older = { cursor: { createdAt: new Date(Date.now() - 700 * 86_400_000), id: aMemory }, take: 21 };
    const past = await loopsByIndex(homeFeedQuery(viewer, older));
    expect(past.get('memories_author_created_idx')).toBeGreaterThan(0);
  });

  it('fanning out and trimming read follows, friendships and home_entries by key', async () => {
    const fan = await explain(database.db, fanOutQuery(aMemory));
    expect(fan.indexes).toContain('memories_pkey');
    expect(fan.seqScanned).toEqual([]);
    const [drop, add] = refreshSourceQueries(viewer, author);
    expectIndexScan(await explain(database.db, drop), {
      indexes: ['home_entries_pkey'],
      noSeqScan: ['home_entries', 'memories'],
    });
    expectIndexScan(await explain(database.db, add), {
      indexes: ['memories_author_created_idx'],
      noSeqScan: ['memories', 'home_entries'],
    });
    const trim = await explain(database.db, trimHomeTimelinesQuery(null, 500));
    expectIndexScan(trim, { indexes: ['home_entries_pkey', 'users_pkey'], noSeqScan: ['home_entries'] });
  });

  it('public feed walks memories_public_created_idx, signed in or not', async () => {
    expectIndexScan(await explain(database.db, publicFeedQuery(null, page)), {
      indexes: ['memories_public_created_idx'],
      noSeqScan: FEED_TABLES,
    });
    expectIndexScan(await explain(database.db, publicFeedQuery(viewer, deep())), {
      indexes: ['memories_public_created_idx'],
      noSeqScan: FEED_TABLES,
    });
  });

  it('city feed walks memories_public_city_created_idx', async () => {
    const plan = await explain(database.db, cityFeedQuery(viewer, 'buenos aires', page));
    expectIndexScan(plan, { indexes: ['memories_public_city_created_idx'], noSeqScan: FEED_TABLES });
  });

  it('tag feed walks memory_tags_tag_created_idx', async () => {
    expectIndexScan(await explain(database.db, tagFeedQuery(viewer, 'vals', page)), {
      indexes: ['memory_tags_tag_created_idx'],
      noSeqScan: FEED_TABLES,
    });
  });

  it("a group's memories come from memories_group_created_idx", async () => {
    const [g] = await database.rows<{ id: string }>(sql`select id from numbered_groups where n = 7`);
    for (const w of [page, deep()]) {
      expectIndexScan(await explain(database.db, groupFeedQuery(viewer, g?.id ?? '', w)), {
        indexes: ['memories_group_created_idx'],
        noSeqScan: FEED_TABLES,
      });
    }
  });

  it("a dancer's memories come from memories_author_created_idx", async () => {
    expectIndexScan(await explain(database.db, userFeedQuery(viewer, author, page)), {
      indexes: ['memories_author_created_idx'],
      noSeqScan: FEED_TABLES,
    });
  });

  it('bookmarks come from bookmarks_user_created_idx', async () => {
    const plan = await explain(database.db, bookmarksQuery(viewer, page));
    expectIndexScan(plan, { indexes: ['bookmarks_user_created_idx'] });
  });

  it('checking a cached home page reads feed_changes_xid_idx and memories by key', async () => {
    const [snap] = await database.rows<{ s: string }>(sql`select pg_current_snapshot()::text as s`);
    const ids = await database.rows<{ id: string }>(sql`select id from memories limit 20`);
    const changes = await database.rows<{ n: number }>(sql`select count(*)::int as n from feed_changes`);
    expect(changes[0]?.n).toBeGreaterThan(10_000);
    const plan = await explain(
      database.db,
      checkCachedPageQuery(
        viewer,
        snap?.s ?? '',
        ids.map((r) => r.id),
      ),
    );
    expectIndexScan(plan, { indexes: ['feed_changes_xid_idx', 'memories_pkey'] });
    expect(plan.seqScanned).toEqual([]);
  });

  it('hydrating a page reads memories, users and the side tables by key', async () => {
    const plan = await explain(database.db, hydratePageQuery(viewer, homeFeedQuery(viewer, page)));
    expectIndexScan(plan, { indexes: ['memories_pkey'], noSeqScan: FEED_TABLES });
    expect(plan.indexes).toContain('users_pkey');
    expect(plan.seqScanned).toEqual([]);
    const one = await explain(database.db, hydratePageQuery(viewer, memoryByIdQuery(viewer, aMemory)));
    expect(one.seqScanned).toEqual([]);
  });
});
