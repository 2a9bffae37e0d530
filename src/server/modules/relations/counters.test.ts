import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDancer, useRelationsApp, requestOf, type Dancer } from './relations.testing.ts';

// Counters never drift from the edges, whatever runs at the same time. Against PostgreSQL
// (TEST_DATABASE_URL) the requests below really run concurrently on a pool of connections.

const { t, api } = useRelationsApp();

async function drift(ids: string[]) {
  return t.database.rows<{ id: string }>(sql`
    select u.id from users u
    where u.id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})
      and (u.follower_count <> (select count(*) from follows f where f.followee_id = u.id)
        or u.following_count <> (select count(*) from follows f where f.follower_id = u.id)
        or u.friend_count <> (select count(*) from friendships fr where u.id in (fr.user_low_id, fr.user_high_id)))`);
}

async function edgesAcrossBlocks() {
  const rows = await t.database.rows<{ n: number }>(sql`
    select (select count(*) from follows f join blocks b
              on (b.blocker_id, b.blocked_id) in ((f.follower_id, f.followee_id), (f.followee_id, f.follower_id)))
         + (select count(*) from friendships fr join blocks b
              on (b.blocker_id, b.blocked_id) in ((fr.user_low_id, fr.user_high_id), (fr.user_high_id, fr.user_low_id)))
         as n`);
  return Number(rows[0]?.n);
}

describe('relation counters', () => {
  it('match the edges after a burst of concurrent follows, friendships and blocks', async () => {
    const dancers: Dancer[] = [];
    for (let i = 0; i < 6; i++) dancers.push(await createDancer(t));
    const pairs: [Dancer, Dancer][] = [];
    for (const a of dancers) for (const b of dancers) if (a !== b) pairs.push([a, b]);

    // Round one: everyone follows and befriends everyone, all at once.
    await Promise.all(
      pairs.flatMap(([a, b]) => [api.follow(a.token, b.username), api.befriend(a.token, b.username)]),
    );
    // Round two: accept what is open while some block, unfollow and unfriend.
    const incoming = await Promise.all(
      dancers.map(async (d) => ({
        d,
        ids: (await api.call('GET', '/friend-requests?limit=100', d.token))
          .json<{ data: { id: string }[] }>()
          .data.map((r) => r.id),
      })),
    );
    await Promise.all([
      ...incoming.flatMap(({ d, ids }) => ids.map((id) => api.accept(d.token, id))),
      ...pairs.filter((_, i) => i % 5 === 0).map(([a, b]) => api.block(a.token, b.username)),
      ...pairs.filter((_, i) => i % 7 === 1).map(([a, b]) => api.unfollow(a.token, b.username)),
      ...pairs.filter((_, i) => i % 6 === 2).map(([a, b]) => api.unfriend(a.token, b.username)),
      ...pairs.filter((_, i) => i % 4 === 3).map(([a, b]) => api.follow(a.token, b.username)),
    ]);

    const ids = dancers.map((d) => d.id);
    expect(await drift(ids)).toEqual([]);
    expect(await edgesAcrossBlocks()).toBe(0);
  });

  it('count a friendship once when both ask each other at the same moment', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const results = await Promise.all([
      api.befriend(ana.token, bruno.username),
      api.befriend(bruno.token, ana.username),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    // One request was created; the other call found it and accepted it.
    expect(results.map((r) => requestOf(r).status).sort()).toEqual(['accepted', 'pending']);
    expect(new Set(results.map((r) => requestOf(r).id)).size).toBe(1);
    expect(await drift([ana.id, bruno.id])).toEqual([]);
    const rows = await t.database.rows<{ friends: number }>(
      sql`select friend_count as friends from users where id in (${ana.id}, ${bruno.id})`,
    );
    expect(rows).toEqual([{ friends: 1 }, { friends: 1 }]);
  });
});
