import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeedRefusedError, seedCommunity, type SeedSummary } from '../../scripts/seed/seed-community.ts';
import { generateUsers } from '../../scripts/seed/users.ts';
import type { DatabaseHandle } from '../../src/server/db/client.ts';
import { parseHashtags, parseMentions } from '../../src/server/modules/memories/memory-text.ts';
import { createTestDatabase } from '../helpers/db.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const OPTIONS = { users: 200, memories: 1000, seed: 'seed-test', now: NOW };

async function count(db: DatabaseHandle, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await db.rows<{ n: number }>(query);
  return Number(row?.n ?? -1);
}

/** Table sizes and digests of the content, to compare two seeded databases. */
async function fingerprint(db: DatabaseHandle) {
  const [row] = await db.rows<Record<string, string | number>>(sql`
    select
      (select md5(string_agg(id || username || display_name || coalesce(city, ''), ',' order by id)) from users) as users,
      (select md5(string_agg(id || body || visibility || created_at::text, ',' order by id)) from memories) as memories,
      (select md5(string_agg(follower_id || '>' || followee_id, ',' order by follower_id, followee_id)) from follows) as follows,
      (select md5(string_agg(id || body, ',' order by id)) from comments) as comments,
      (select count(*)::int from memory_reactions) as reactions,
      (select count(*)::int from memory_tags) as tags,
      (select count(*)::int from friendships) as friendships`);
  return row;
}

/** Rows whose stored counter disagrees with the rows it counts; every check must return 0. */
const COUNTER_CHECKS = {
  follower_count: sql`select count(*)::int as n from users u
    where u.follower_count <> (select count(*) from follows f where f.followee_id = u.id)`,
  following_count: sql`select count(*)::int as n from users u
    where u.following_count <> (select count(*) from follows f where f.follower_id = u.id)`,
  friend_count: sql`select count(*)::int as n from users u
    where u.friend_count <> (select count(*) from friendships f where u.id in (f.user_low_id, f.user_high_id))`,
  comment_count: sql`select count(*)::int as n from memories m
    where m.comment_count <> (select count(*) from comments c where c.memory_id = m.id)`,
  reaction_counts: sql`select count(*)::int as n from memories m
    where m.reaction_counts <> coalesce((select jsonb_object_agg(type, n) from (
      select type, count(*) as n from memory_reactions r where r.memory_id = m.id group by type) t), '{}'::jsonb)`,
  like_count: sql`select count(*)::int as n from comments c
    where c.like_count <> (select count(*) from comment_likes l where l.comment_id = c.id)`,
  reply_count: sql`select count(*)::int as n from comments c
    where c.reply_count <> (select count(*) from comments r where r.parent_id = c.id)`,
};

async function counterMismatches(db: DatabaseHandle): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [name, query] of Object.entries(COUNTER_CHECKS)) result[name] = await count(db, query);
  return result;
}

/** Foreign keys are not checked row by row while seeding, so every one of them is checked here. */
async function danglingReferences(db: DatabaseHandle): Promise<string[]> {
  const fks = await db.rows<{
    name: string;
    child: string;
    parent: string;
    cols: string[];
    refs: string[];
  }>(sql`
    select c.conname as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
           array(select attname from pg_attribute a join unnest(c.conkey) with ordinality k(n, i) on a.attnum = k.n
                 where a.attrelid = c.conrelid order by k.i)::text[] as cols,
           array(select attname from pg_attribute a join unnest(c.confkey) with ordinality k(n, i) on a.attnum = k.n
                 where a.attrelid = c.confrelid order by k.i)::text[] as refs
    from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`);
  const broken: string[] = [];
  for (const fk of fks) {
    const on = fk.cols.map((col, i) => `p.${fk.refs[i] ?? ''} = c.${col}`).join(' and ');
    const notNull = fk.cols.map((col) => `c.${col} is not null`).join(' and ');
    const n = await count(
      db,
      sql.raw(`select count(*)::int as n from ${fk.child} c where ${notNull}
               and not exists (select 1 from ${fk.parent} p where ${on})`),
    );
    if (n > 0) broken.push(`${fk.name}: ${n}`);
  }
  return broken;
}

describe('seedCommunity', () => {
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  let summary: SeedSummary;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    summary = await seedCommunity(first, OPTIONS);
    await seedCommunity(second, OPTIONS);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('writes the same rows for the same seed, and other rows for another seed', async () => {
    const a = await fingerprint(first);
    expect(a?.reactions).toBeGreaterThan(0);
    expect(await fingerprint(second)).toEqual(a);
    const usernames = (seed: string) =>
      generateUsers(50, seed, NOW.getTime(), new Set()).map((u) => u.username);
    expect(usernames('seed-test')).toEqual(usernames('seed-test'));
    expect(usernames('another-seed')).not.toEqual(usernames('seed-test'));
  });

  it('reports what it wrote', async () => {
    expect(summary.rows.users).toBe(200);
    expect(summary.rows.memories).toBe(1000);
    for (const table of ['follows', 'memory_reactions', 'comments', 'memory_tags', 'friendships']) {
      expect(summary.rows[table], table).toBe(
        await count(first, sql.raw(`select count(*)::int as n from ${table}`)),
      );
    }
  });

  it('keeps every counter column consistent with the rows it counts', async () => {
    expect(await counterMismatches(first)).toEqual(
      Object.fromEntries(Object.keys(COUNTER_CHECKS).map((k) => [k, 0])),
    );
  });

  it('makes each city the dancers name a community of its residents', async () => {
    // The users' trigger (migration 0014) fires under the seed's replication role too.
    const [row] = await first.rows<{ wrong: number; named: number; cities: number }>(sql`
      select count(*) filter (where c.id is null or c.key <> city_key(u.city)
                              or c.country is distinct from u.country)::int as wrong,
             count(*)::int as named,
             (select count(*)::int from cities) as cities
      from users u left join cities c on c.id = u.city_id
      where u.city is not null`);
    expect(row?.named).toBeGreaterThan(0);
    expect(row?.wrong).toBe(0);
    expect(row?.cities).toBeGreaterThan(1);
  });

  it('leaves no dangling reference', async () => {
    expect(await danglingReferences(first)).toEqual([]);
  });

  it('stores exactly the hashtags and mentions written in each body', async () => {
    const rows = await first.rows<{ body: string; tags: string[]; mentions: string[] }>(sql`
      select m.body,
             coalesce((select array_agg(t.tag order by t.tag) from memory_tags t where t.memory_id = m.id), '{}') as tags,
             coalesce((select array_agg(lower(u.username::text) order by lower(u.username::text))
                       from memory_mentions mm join users u on u.id = mm.user_id where mm.memory_id = m.id), '{}') as mentions
      from memories m`);
    for (const r of rows) {
      expect(r.tags).toEqual(parseHashtags(r.body).sort());
      expect(r.mentions).toEqual(parseMentions(r.body).sort());
    }
    const tagged = rows.filter((r) => r.tags.length > 0).length;
    expect(tagged / rows.length).toBeGreaterThan(0.8);
    expect(rows.filter((r) => r.mentions.length > 0).length).toBeGreaterThan(50);
    const [tagTimes] = await first.rows<{ n: number }>(sql`select count(*)::int as n from memory_tags t
      join memories m on m.id = t.memory_id where t.created_at <> m.created_at or t.tag <> lower(t.tag)`);
    expect(tagTimes?.n).toBe(0);
  });

  it('follows a power law: a few accounts are followed far more than most', async () => {
    const [stats] = await first.rows<{
      max: number;
      median: number;
      topShare: number;
      maxFollowing: number;
      medianFollowing: number;
    }>(sql`
      select max(follower_count)::int as max,
             percentile_disc(0.5) within group (order by follower_count)::int as median,
             (select sum(follower_count) from (select follower_count from users order by follower_count desc limit 10) t)::float8
               / sum(follower_count) as "topShare",
             max(following_count)::int as "maxFollowing",
             percentile_disc(0.5) within group (order by following_count)::int as "medianFollowing"
      from users`);
    expect(stats?.max).toBeGreaterThanOrEqual(5 * Math.max(1, stats?.median ?? 0));
    // The top 5 % of accounts hold 5 % of the follows under uniform following.
    expect(stats?.topShare).toBeGreaterThan(0.2);
    // Some members follow many people (the feed bench signs in as such users).
    expect(stats?.maxFollowing).toBeGreaterThanOrEqual(3 * Math.max(1, stats?.medianFollowing ?? 0));
  });

  it('mixes visibilities and only lets those who may see a memory react to it', async () => {
    const [mix] = await first.rows<{ public: number }>(
      sql`select avg((visibility = 'public')::int)::float8 as public from memories`,
    );
    expect(mix?.public).toBeGreaterThan(0.6);
    expect(mix?.public).toBeLessThan(0.8);
    const unseen = await count(
      first,
      sql`select count(*)::int as n from memory_reactions r join memories m on m.id = r.memory_id
        where m.visibility = 'private'
           or (m.visibility = 'friends' and not exists (select 1 from friendships f
                where f.user_low_id = least(r.user_id, m.author_id) and f.user_high_id = greatest(r.user_id, m.author_id)))
           or (m.visibility = 'followers' and not exists (select 1 from follows f
                where f.follower_id = r.user_id and f.followee_id = m.author_id)
                and not exists (select 1 from friendships f
                where f.user_low_id = least(r.user_id, m.author_id) and f.user_high_id = greatest(r.user_id, m.author_id)))`,
    );
    expect(unseen).toBe(0);
  });

  it('refuses a database that has users unless asked to append, then appends consistently', async () => {
    await expect(seedCommunity(first, { ...OPTIONS, users: 10 })).rejects.toBeInstanceOf(SeedRefusedError);
    const appended = await seedCommunity(first, {
      ...OPTIONS,
      users: 30,
      memories: 100,
      append: true,
      passwordHash: 'not-a-real-hash',
    });
    expect(appended.rows.users).toBe(30);
    expect(await count(first, sql`select count(*)::int as n from users`)).toBe(230);
    expect(await count(first, sql`select count(*)::int as n from user_credentials`)).toBe(30);
    expect(Object.values(await counterMismatches(first)).every((n) => n === 0)).toBe(true);
    expect(await danglingReferences(first)).toEqual([]);
  });
});
