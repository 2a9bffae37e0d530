import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemory } from '../../../../test/factories/memories.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { insertFollow, insertFriendship, insertMute } from '../../../../test/helpers/social.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { follows, memories, type Visibility } from '../../db/schema/index.ts';
import type { Cursor } from '../../lib/pagination.ts';
import { homeFeedQuery, homeScanQuery, type PageWindow } from '../memories/feeds.repo.ts';
import { rebuildHomeTimelines } from '../memories/home-rebuild.repo.ts';
import { fanOutMemory, refreshPair, refreshSource, trimAllHomeTimelines } from './home-timelines.repo.ts';
import { lockUsers } from './relations.repo.ts';

// The timeline (home_entries) against the feed read from its sources (homeScanQuery), which the
// visibility matrix and feed tests pin down: for every dancer of a small random community, every page
// must be the same, through follows, friendships, mutes, visibility changes, deletions and trims.

let database: DatabaseHandle;
const users: string[] = [];
let group = '';
/** A deterministic stream of numbers in [0, 1). */
let state = 7;
const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const VISIBILITIES: Visibility[] = ['public', 'public', 'followers', 'friends', 'private', 'group'];
const START = Date.parse('2026-11-01T20:00:00Z');

async function walk(viewer: string, build: (w: PageWindow) => SQL, size = 4): Promise<string[]> {
  const ids: string[] = [];
  let cursor: Cursor | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const rows = await database.rows<{ id: string; sort_at: Date | string; sort_id: string }>(
      build({ cursor, take: size + 1 }),
    );
    ids.push(...rows.slice(0, size).map((r) => r.id));
    const last = rows[size - 1];
    if (rows.length <= size || !last) return ids;
    cursor = { createdAt: new Date(last.sort_at), id: last.sort_id };
  }
  throw new Error('more than 200 pages');
}

async function expectSameFeeds(): Promise<number> {
  let shown = 0;
  for (const viewer of users) {
    const scanned = await walk(viewer, (w) => homeScanQuery(viewer, w));
    expect(await walk(viewer, (w) => homeFeedQuery(viewer, w))).toEqual(scanned);
    shown += scanned.length;
  }
  return shown;
}

async function share(authorId: string, at: number): Promise<string> {
  const visibility = pick(VISIBILITIES);
  const memory = await createMemory(database.db, {
    authorId,
    visibility,
    groupId: visibility === 'group' ? group : null,
    // Some share a millisecond, so the order falls to the id.
    createdAt: new Date(START + Math.floor(at / 2) * 60_000),
  });
  return memory.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 12; i++) users.push((await createUser(database.db)).id);
  const [g] = await database.rows<{ id: string }>(
    sql`insert into groups (id, name, visibility) values (gen_random_uuid(), 'Práctica de los martes', 'public') returning id`,
  );
  group = g?.id ?? '';
  for (const a of users) {
    for (const b of users) {
      if (a === b) continue;
      if (random() < 0.4) await insertFollow(database.db, a, b);
      if (a < b && random() < 0.2) await insertFriendship(database.db, a, b);
      if (random() < 0.08) await insertMute(database.db, a, b);
    }
  }
  for (let i = 0; i < 120; i++) await share(pick(users), i);
});
afterAll(() => database.close());

describe('home timelines', () => {
  it('show every dancer the same pages as their sources do', async () => {
    expect(await expectSameFeeds()).toBeGreaterThan(200);
  });

  it('stay right through unfollows, unfriends, mutes, unmutes, visibility changes and deletions', async () => {
    const db = database.db;
    const follows = await database.rows<{ a: string; b: string }>(
      sql`select follower_id as a, followee_id as b from follows order by follower_id, followee_id limit 8`,
    );
    for (const { a, b } of follows) {
      await db.execute(sql`delete from follows where follower_id = ${a}::uuid and followee_id = ${b}::uuid`);
      await refreshSource(db, a, b);
    }
    const friends = await database.rows<{ a: string; b: string }>(
      sql`select user_low_id as a, user_high_id as b from friendships limit 4`,
    );
    for (const { a, b } of friends) {
      await db.execute(
        sql`delete from friendships where user_low_id = ${a}::uuid and user_high_id = ${b}::uuid`,
      );
      await refreshPair(db, a, b);
    }
    const muted = await database.rows<{ a: string; b: string }>(
      sql`select muter_id as a, muted_id as b from mutes limit 3`,
    );
    for (const { a, b } of muted) {
      await db.execute(sql`delete from mutes where muter_id = ${a}::uuid and muted_id = ${b}::uuid`);
      await refreshSource(db, a, b);
    }
    const narrow = await database.rows<{ id: string; author_id: string }>(
      sql`select id, author_id from memories where visibility = 'private' limit 6`,
    );
    for (const m of narrow) {
      await db.execute(sql`update memories set visibility = 'public' where id = ${m.id}::uuid`);
      await fanOutMemory(db, m.author_id, m.id);
    }
    await db.execute(sql`update memories set visibility = 'private'
      where id in (select id from memories where visibility = 'public' limit 6)`);
    await db.execute(sql`delete from memories where id in (select id from memories order by id limit 5)`);
    await expectSameFeeds();
  });

  it('never show what a relation change left behind, even before the rows are dropped', async () => {
    // An unfollow committed but its refresh not (yet) run: the rows stay, the read filters them.
    await database.db.execute(
      sql`delete from follows where follower_id in (${sql.join(
        users.slice(0, 3).map((u) => sql`${u}::uuid`),
        sql`, `,
      )})`,
    );
    await expectSameFeeds();
  });

  it('page past a trimmed timeline through the sources, and keep growing after it', async () => {
    const removed = await trimAllHomeTimelines(database.db, { batch: 5, cap: 6 });
    expect(removed).toBeGreaterThan(0);
    const [most] = await database.rows<{ n: number }>(
      sql`select max(n)::int as n from (select count(*) as n from home_entries group by owner_id) x`,
    );
    expect(most?.n).toBe(6);
    await expectSameFeeds();
    // An old memory made wider is written below the floors: those rows must not be read.
    const old = await database.rows<{ id: string; author_id: string }>(
      sql`select id, author_id from memories where visibility in ('private', 'friends')
          order by created_at limit 8`,
    );
    for (const m of old) {
      await database.db.execute(sql`update memories set visibility = 'public' where id = ${m.id}::uuid`);
      await fanOutMemory(database.db, m.author_id, m.id);
    }
    await expectSameFeeds();
    // New memories and follows after the trim land above the floors.
    for (let i = 200; i < 230; i++) await share(pick(users), i);
    for (const a of users.slice(0, 4)) {
      for (const b of users.slice(6)) {
        const [f] = await database.rows<{ n: number }>(
          sql`select count(*)::int as n from follows where follower_id = ${a}::uuid and followee_id = ${b}::uuid`,
        );
        if (f?.n === 0) await insertFollow(database.db, a, b);
      }
    }
    await expectSameFeeds();
  });

  // Two connections are needed to interleave the transactions: PostgreSQL only (PGlite has one).
  it.runIf(process.env.TEST_DATABASE_URL)(
    'a share holding its author reaches a follow made meanwhile, committed after it',
    async () => {
      const db = database.db;
      const author = (await createUser(db)).id;
      const follower = (await createUser(db)).id;
      let release = () => undefined as void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let shared = (_id: string) => undefined as void;
      const written = new Promise<string>((resolve) => (shared = resolve));
      const post = db.transaction(async (tx) => {
        const [m] = await tx
          .insert(memories)
          .values({ authorId: author, body: 'Vals', visibility: 'public' })
          .returning();
        if (!m) throw new Error('no memory');
        await fanOutMemory(tx, author, m.id);
        shared(m.id);
        await held;
      });
      const memoryId = await written;
      let followed = false;
      const follow = db.transaction(async (tx) => {
        await lockUsers(tx, [author, follower]);
        await tx.insert(follows).values({ followerId: follower, followeeId: author });
        await refreshSource(tx, follower, author);
        followed = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The follow waits for the share's lock; without it, it would commit first and miss the memory.
      expect(followed).toBe(false);
      release();
      await post;
      await follow;
      const rows = await database.rows<{ n: number }>(
        sql`select count(*)::int as n from home_entries where owner_id = ${follower}::uuid and memory_id = ${memoryId}::uuid`,
      );
      expect(rows[0]?.n).toBe(1);
    },
  );

  it('rebuild from the sources to the same pages, with floors where the cap cut', async () => {
    await rebuildHomeTimelines(database.db, 10);
    const [floors] = await database.rows<{ n: number }>(sql`select count(*)::int as n from home_timelines`);
    expect(floors?.n).toBeGreaterThan(0);
    await expectSameFeeds();
  });
});
