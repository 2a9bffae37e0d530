import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { UserSummary } from '../../../contract/social.ts';
import { createFriendship } from '../../../../test/factories/relations.ts';
import {
  countsOf,
  createDancer,
  detailPaths,
  errorOf,
  idsOf,
  makeFriends,
  profileOf,
  useRelationsApp,
  type Dancer,
  type PageBody,
} from './relations.testing.ts';

const { t, api } = useRelationsApp();

describe('GET /api/v1/users/:username/friends', () => {
  it('lists friends newest friendship first, whichever side of the pair the owner is on', async () => {
    // Ids are time-ordered: `earlier` holds the low side of its pair with `me`, the others the high side.
    const earlier = await createDancer(t);
    const me = await createDancer(t);
    expect(earlier.id < me.id).toBe(true);
    const base = Date.parse('2025-06-01T20:00:00.000Z');
    const friends: Dancer[] = [];
    for (let i = 0; i < 5; i++) {
      const friend = await createDancer(t);
      await createFriendship(t.database.db, me.id, friend.id, new Date(base + i * 1000));
      friends.push(friend);
    }
    await createFriendship(t.database.db, earlier.id, me.id, new Date(base + 2500));
    const [f0, f1, f2, f3, f4] = friends.map((f) => f.id);
    const expected = [f4, f3, earlier.id, f2, f1, f0];

    const page1 = (await api.call('GET', `/users/${me.username}/friends?limit=4`)).json<
      PageBody<UserSummary>
    >();
    expect(page1.meta.hasMore).toBe(true);
    const page2 = (
      await api.call('GET', `/users/${me.username}/friends?limit=4&cursor=${page1.meta.nextCursor ?? ''}`)
    ).json<PageBody<UserSummary>>();
    expect([...page1.data, ...page2.data].map((u) => u.id)).toEqual(expected);
    expect(page2.meta).toEqual({ nextCursor: null, hasMore: false });
    expect(await countsOf(t, me.id)).toMatchObject({ friends: 6 });
    expect(idsOf(await api.call('GET', `/users/${earlier.username}/friends`))).toEqual([me.id]);
  });

  it('shows the friendship the same from both sides', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    await makeFriends(api, bruno, ana);
    expect(idsOf(await api.call('GET', `/users/${ana.username}/friends`, bruno.token))).toEqual([bruno.id]);
    expect(idsOf(await api.call('GET', `/users/${bruno.username}/friends`, ana.token))).toEqual([ana.id]);
    const rows = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from friendships where ${ana.id} in (user_low_id, user_high_id)`,
    );
    expect(rows[0]?.n).toBe(1);
    expect(profileOf(await api.profile(ana.token, bruno.username)).relationship?.friends).toBe(true);
    expect(profileOf(await api.profile(bruno.token, ana.username)).relationship?.friends).toBe(true);
  });

  it("leaves out a friend blocked either way with the viewer of someone else's list", async () => {
    const [owner, f1, f2, viewer] = await Promise.all([1, 2, 3, 4].map(() => createDancer(t)));
    if (!owner || !f1 || !f2 || !viewer) throw new Error('setup');
    await createFriendship(t.database.db, owner.id, f1.id);
    await createFriendship(t.database.db, owner.id, f2.id);
    await api.block(f1.token, viewer.username);
    expect(idsOf(await api.call('GET', `/users/${owner.username}/friends`, viewer.token))).toEqual([f2.id]);
  });
});

describe('DELETE /api/v1/users/:username/friend', () => {
  it('ends the friendship for both and moves both counters, once', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    await makeFriends(api, ana, bruno);
    expect((await api.unfriend(bruno.token, ana.username)).statusCode).toBe(204);
    expect((await api.unfriend(bruno.token, ana.username)).statusCode).toBe(204);
    expect((await api.unfriend(ana.token, bruno.username)).statusCode).toBe(204);
    expect(await countsOf(t, ana.id)).toMatchObject({ friends: 0 });
    expect(await countsOf(t, bruno.id)).toMatchObject({ friends: 0 });
    expect(idsOf(await api.call('GET', `/users/${ana.username}/friends`))).toEqual([]);
    expect(profileOf(await api.profile(ana.token, bruno.username)).relationship?.friends).toBe(false);
    // A new request is possible again.
    expect((await api.befriend(ana.token, bruno.username)).statusCode).toBe(201);
  });

  it("does not touch other people's friendships", async () => {
    const [ana, bruno, carla] = [await createDancer(t), await createDancer(t), await createDancer(t)];
    await makeFriends(api, bruno, carla);
    expect((await api.unfriend(ana.token, carla.username)).statusCode).toBe(204);
    expect(await countsOf(t, carla.id)).toMatchObject({ friends: 1 });
  });

  it('answers 401 without a token, 400 for yourself and 404 for an unknown dancer', async () => {
    const ana = await createDancer(t);
    expect((await api.unfriend(undefined, ana.username)).statusCode).toBe(401);
    const self = await api.unfriend(ana.token, ana.username);
    expect(self.statusCode).toBe(400);
    expect(detailPaths(self)).toEqual(['params.username']);
    expect(errorOf(await api.unfriend(ana.token, 'nobody_dances_here')).code).toBe('NOT_FOUND');
  });
});
