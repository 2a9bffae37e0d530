import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { UserSummary } from '../../../contract/social.ts';
import { createBlock, createMute } from '../../../../test/factories/relations.ts';
import {
  countsOf,
  createDancer,
  detailPaths,
  errorOf,
  idsOf,
  makeFriends,
  useRelationsApp,
  type Dancer,
  type PageBody,
} from './relations.testing.ts';

const { t, api } = useRelationsApp();

async function pendingBetween(a: string, b: string) {
  const rows = await t.database.rows<{ n: number }>(
    sql`select count(*)::int as n from friend_requests
        where status = 'pending' and ${a} in (from_user_id, to_user_id) and ${b} in (from_user_id, to_user_id)`,
  );
  return rows[0]?.n;
}

describe('PUT /api/v1/users/:username/block', () => {
  it('removes follows both ways and the friendship, with every counter adjusted', async () => {
    const [ana, bruno, carla] = [await createDancer(t), await createDancer(t), await createDancer(t)];
    await api.follow(ana.token, bruno.username);
    await api.follow(bruno.token, ana.username);
    await api.follow(carla.token, bruno.username);
    await makeFriends(api, ana, bruno);
    expect(await countsOf(t, bruno.id)).toEqual({ followers: 2, following: 1, friends: 1 });

    const res = await api.block(ana.token, bruno.username);
    expect(res.statusCode).toBe(204);
    expect(await countsOf(t, ana.id)).toEqual({ followers: 0, following: 0, friends: 0 });
    expect(await countsOf(t, bruno.id)).toEqual({ followers: 1, following: 0, friends: 0 });
    expect(await countsOf(t, carla.id)).toEqual({ followers: 0, following: 1, friends: 0 });
    const edges = await t.database.rows<{ n: number }>(
      sql`select (select count(*) from follows where ${ana.id} in (follower_id, followee_id))
               + (select count(*) from friendships where ${ana.id} in (user_low_id, user_high_id)) as n`,
    );
    expect(Number(edges[0]?.n)).toBe(0);
  });

  it('removes open friend requests both ways', async () => {
    const [ana, bruno, carla] = [await createDancer(t), await createDancer(t), await createDancer(t)];
    await api.befriend(bruno.token, ana.username);
    await api.befriend(ana.token, carla.username);
    await api.block(carla.token, ana.username);
    expect(await pendingBetween(ana.id, carla.id)).toBe(0);
    await api.block(ana.token, bruno.username);
    expect(await pendingBetween(ana.id, bruno.id)).toBe(0);
    const list = (await api.call('GET', '/friend-requests', ana.token)).json<PageBody<unknown>>();
    expect(list.data).toEqual([]);
  });

  it('is idempotent and never moves counters twice', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    await api.follow(bruno.token, ana.username);
    for (let i = 0; i < 3; i++) expect((await api.block(ana.token, bruno.username)).statusCode).toBe(204);
    expect(await countsOf(t, ana.id)).toEqual({ followers: 0, following: 0, friends: 0 });
    expect(await countsOf(t, bruno.id)).toEqual({ followers: 0, following: 0, friends: 0 });
    const rows = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from blocks where blocker_id = ${ana.id}`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('refuses follows and friend requests: 403 to the blocker, 404 to the blocked', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    await api.block(ana.token, bruno.username);
    for (const res of [
      await api.follow(ana.token, bruno.username),
      await api.befriend(ana.token, bruno.username),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
      expect(errorOf(res).message).toMatch(/You have blocked this user/);
    }
    for (const res of [
      await api.follow(bruno.token, ana.username),
      await api.befriend(bruno.token, ana.username),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', message: 'User not found.' });
    }
    expect(await countsOf(t, ana.id)).toEqual({ followers: 0, following: 0, friends: 0 });
    expect(await pendingBetween(ana.id, bruno.id)).toBe(0);
  });

  it('hides each profile from the other, exactly like an unknown user', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    await api.block(ana.token, bruno.username);
    const unknown = await api.profile(bruno.token, 'nobody_dances_here');
    for (const res of [
      await api.profile(bruno.token, ana.username),
      await api.profile(ana.token, bruno.username),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe(errorOf(unknown).code);
      expect(errorOf(res).message).toBe(errorOf(unknown).message);
    }
    expect((await api.profile(undefined, ana.username)).statusCode).toBe(200);
  });

  it('lets the blocked dancer block back, and unblocking restores nothing', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    await api.follow(bruno.token, ana.username);
    await api.block(ana.token, bruno.username);
    expect((await api.block(bruno.token, ana.username)).statusCode).toBe(204);
    expect((await api.unblock(ana.token, bruno.username)).statusCode).toBe(204);
    expect((await api.unblock(ana.token, bruno.username)).statusCode).toBe(204);
    // Bruno's own block still stands.
    expect((await api.follow(ana.token, bruno.username)).statusCode).toBe(404);
    expect((await api.unblock(bruno.token, ana.username)).statusCode).toBe(204);
    expect(await countsOf(t, ana.id)).toMatchObject({ followers: 0 });
    expect((await api.follow(bruno.token, ana.username)).statusCode).toBe(204);
    expect((await api.profile(bruno.token, ana.username)).statusCode).toBe(200);
  });

  it('answers 401 without a token, 400 for yourself and 404 for an unknown dancer', async () => {
    const ana = await createDancer(t);
    for (const call of [api.block, api.unblock, api.mute, api.unmute]) {
      expect((await call(undefined, ana.username)).statusCode).toBe(401);
      const self = await call(ana.token, ana.username);
      expect(self.statusCode).toBe(400);
      expect(detailPaths(self)).toEqual(['params.username']);
      expect((await call(ana.token, 'nobody_dances_here')).statusCode).toBe(404);
    }
  });
});

describe('PUT and DELETE /api/v1/users/:username/mute', () => {
  it('mutes idempotently without touching follows, and shows it only to the muter', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    await api.follow(ana.token, bruno.username);
    expect((await api.mute(ana.token, bruno.username)).statusCode).toBe(204);
    expect((await api.mute(ana.token, bruno.username)).statusCode).toBe(204);
    const mine = (await api.profile(ana.token, bruno.username)).json<{ data: { relationship: unknown } }>();
    expect(mine.data.relationship).toMatchObject({ muted: true, following: true });
    const theirs = (await api.profile(bruno.token, ana.username)).json<{ data: { relationship: unknown } }>();
    expect(theirs.data.relationship).toMatchObject({ muted: false, followedBy: true });
    expect(await countsOf(t, bruno.id)).toMatchObject({ followers: 1 });
    expect((await api.unmute(ana.token, bruno.username)).statusCode).toBe(204);
    expect((await api.unmute(ana.token, bruno.username)).statusCode).toBe(204);
    const after = (await api.profile(ana.token, bruno.username)).json<{ data: { relationship: unknown } }>();
    expect(after.data.relationship).toMatchObject({ muted: false });
  });
});

describe('GET /api/v1/me/blocks and /me/mutes', () => {
  it('lists the people I block or mute, most recent first, in pages', async () => {
    const me = await createDancer(t);
    const base = Date.parse('2025-07-01T12:00:00.000Z');
    const others: Dancer[] = [];
    for (let i = 0; i < 3; i++) {
      const other = await createDancer(t);
      await createBlock(t.database.db, me.id, other.id, new Date(base + i * 1000));
      await createMute(t.database.db, me.id, other.id, new Date(base - i * 1000));
      others.push(other);
    }
    const stranger = await createDancer(t);
    await createBlock(t.database.db, stranger.id, me.id);
    for (const [url, expected] of [
      ['/me/blocks', [others[2]?.id, others[1]?.id, others[0]?.id]],
      ['/me/mutes', [others[0]?.id, others[1]?.id, others[2]?.id]],
    ] as const) {
      const page1 = (await api.call('GET', `${url}?limit=2`, me.token)).json<PageBody<UserSummary>>();
      expect(page1.data.map((u) => u.id)).toEqual(expected.slice(0, 2));
      const page2 = await api.call('GET', `${url}?limit=2&cursor=${page1.meta.nextCursor ?? ''}`, me.token);
      expect(idsOf(page2)).toEqual(expected.slice(2));
      expect(page2.json<PageBody<UserSummary>>().meta).toEqual({ nextCursor: null, hasMore: false });
    }
    expect(idsOf(await api.call('GET', '/me/blocks', stranger.token))).toEqual([me.id]);
  });

  it('answers 401 without a token and 400 for a bad limit', async () => {
    const me = await createDancer(t);
    for (const url of ['/me/blocks', '/me/mutes']) {
      expect((await api.call('GET', url)).statusCode).toBe(401);
      const res = await api.call('GET', `${url}?limit=0`, me.token);
      expect(res.statusCode).toBe(400);
      expect(detailPaths(res)).toEqual(['query.limit']);
    }
  });
});
