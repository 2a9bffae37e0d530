import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ListedUser, UserSummary } from '../../../contract/social.ts';
import { createFollow } from '../../../../test/factories/relations.ts';
import { registerUser } from '../../../../test/helpers/auth.ts';
import {
  countsOf,
  createDancer,
  detailPaths,
  errorOf,
  idsOf,
  makeFriends,
  useRelationsApp,
  type PageBody,
} from './relations.testing.ts';

const { t, api } = useRelationsApp();

async function followRows(followerId: string, followeeId: string) {
  const rows = await t.database.rows<{ n: number }>(
    sql`select count(*)::int as n from follows where follower_id = ${followerId} and followee_id = ${followeeId}`,
  );
  return rows[0]?.n;
}

describe('PUT /api/v1/users/:username/follow', () => {
  it('follows a dancer, moves both counters and notifies them', async () => {
    const ana = await registerUser(t.app);
    const bruno = await createDancer(t);
    const res = await api.follow(ana.accessToken, bruno.username);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await followRows(ana.user.id, bruno.id)).toBe(1);
    expect(await countsOf(t, ana.user.id)).toEqual({ followers: 0, following: 1, friends: 0 });
    expect(await countsOf(t, bruno.id)).toEqual({ followers: 1, following: 0, friends: 0 });
    const notes = await t.database.rows<{ type: string; actor_id: string }>(
      sql`select type, actor_id from notifications where user_id = ${bruno.id}`,
    );
    expect(notes).toEqual([{ type: 'follow', actor_id: ana.user.id }]);
  });

  it('is idempotent: following again is no error, no second row, no second count', async () => {
    const ana = await createDancer(t);
    const bruno = await createDancer(t);
    for (let i = 0; i < 3; i++) expect((await api.follow(ana.token, bruno.username)).statusCode).toBe(204);
    expect(await followRows(ana.id, bruno.id)).toBe(1);
    expect(await countsOf(t, bruno.id)).toMatchObject({ followers: 1 });
    expect(await countsOf(t, ana.id)).toMatchObject({ following: 1 });
  });

  it('keeps the counters exact under concurrent follows and unfollows', async () => {
    const star = await createDancer(t);
    const fans = await Promise.all(Array.from({ length: 8 }, () => createDancer(t)));
    await Promise.all(
      fans.flatMap((f) => [api.follow(f.token, star.username), api.follow(f.token, star.username)]),
    );
    expect(await countsOf(t, star.id)).toMatchObject({ followers: 8 });
    await Promise.all(
      fans
        .slice(0, 5)
        .flatMap((f) => [api.unfollow(f.token, star.username), api.unfollow(f.token, star.username)]),
    );
    expect(await countsOf(t, star.id)).toMatchObject({ followers: 3 });
    for (const f of fans)
      expect(await countsOf(t, f.id)).toMatchObject({ following: fans.indexOf(f) < 5 ? 0 : 1 });
  });

  it('lets two dancers follow each other at the same moment', async () => {
    const ana = await createDancer(t);
    const bruno = await createDancer(t);
    const [a, b] = await Promise.all([
      api.follow(ana.token, bruno.username),
      api.follow(bruno.token, ana.username),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([204, 204]);
    expect(await countsOf(t, ana.id)).toEqual({ followers: 1, following: 1, friends: 0 });
    expect(await countsOf(t, bruno.id)).toEqual({ followers: 1, following: 1, friends: 0 });
  });

  it('refuses following yourself with 400 at params.username', async () => {
    const ana = await createDancer(t);
    const res = await api.follow(ana.token, ana.username);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['params.username']);
    expect(await countsOf(t, ana.id)).toEqual({ followers: 0, following: 0, friends: 0 });
  });

  it('answers 401 without a token and 404 for an unknown dancer', async () => {
    const bruno = await createDancer(t);
    const anonymous = await api.follow(undefined, bruno.username);
    expect(anonymous.statusCode).toBe(401);
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    const ana = await createDancer(t);
    const unknown = await api.follow(ana.token, 'nobody_dances_here');
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND', message: 'User not found.' });
  });

  it('rejects an over-long username with 400 at params.username', async () => {
    const ana = await createDancer(t);
    const res = await api.follow(ana.token, 'a'.repeat(65));
    expect(res.statusCode).toBe(400);
    expect(detailPaths(res)).toEqual(['params.username']);
  });
});

describe('DELETE /api/v1/users/:username/follow', () => {
  it('unfollows and moves the counters back, once', async () => {
    const ana = await createDancer(t);
    const bruno = await createDancer(t);
    await api.follow(ana.token, bruno.username);
    expect((await api.unfollow(ana.token, bruno.username)).statusCode).toBe(204);
    expect((await api.unfollow(ana.token, bruno.username)).statusCode).toBe(204);
    expect(await followRows(ana.id, bruno.id)).toBe(0);
    expect(await countsOf(t, ana.id)).toEqual({ followers: 0, following: 0, friends: 0 });
    expect(await countsOf(t, bruno.id)).toEqual({ followers: 0, following: 0, friends: 0 });
  });

  it("only removes the caller's own follow", async () => {
    const ana = await createDancer(t);
    const bruno = await createDancer(t);
    const carla = await createDancer(t);
    await api.follow(carla.token, bruno.username);
    expect((await api.unfollow(ana.token, bruno.username)).statusCode).toBe(204);
    expect(await followRows(carla.id, bruno.id)).toBe(1);
    expect(await countsOf(t, bruno.id)).toMatchObject({ followers: 1 });
  });

  it('answers 401 without a token and 400 for yourself', async () => {
    const ana = await createDancer(t);
    expect((await api.unfollow(undefined, ana.username)).statusCode).toBe(401);
    const self = await api.unfollow(ana.token, ana.username);
    expect(self.statusCode).toBe(400);
    expect(detailPaths(self)).toEqual(['params.username']);
  });
});

describe('GET /api/v1/users/:username/followers and /following', () => {
  /** `count` followers of one dancer, one second apart, oldest first. */
  async function starWithFans(count: number) {
    const star = await createDancer(t);
    const base = Date.parse('2025-04-01T21:00:00.000Z');
    const fans = [];
    for (let i = 0; i < count; i++) {
      const fan = await createDancer(t);
      await createFollow(t.database.db, fan.id, star.id, new Date(base + i * 1000));
      fans.push(fan);
    }
    return { star, fans };
  }

  it('lists followers newest first as summaries, to anyone', async () => {
    const { star, fans } = await starWithFans(3);
    const res = await api.call('GET', `/users/${star.username}/followers`);
    expect(res.statusCode).toBe(200);
    const body = res.json<PageBody<ListedUser>>();
    expect(body.data.map((u) => u.id)).toEqual(fans.map((f) => f.id).reverse());
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual([
      'avatarUrl',
      'displayName',
      'id',
      'username',
      'viewerFollows',
    ]);
    expect(body.data.every((u) => u.viewerFollows === null)).toBe(true);
    expect(body.meta).toEqual({ nextCursor: null, hasMore: false });
  });

  it('tells a signed-in viewer whom of the listed dancers they follow, in every list', async () => {
    const { star, fans } = await starWithFans(3);
    const [f0, f1, f2] = fans;
    if (!f0 || !f1 || !f2) throw new Error('setup');
    const viewer = await createDancer(t);
    await api.follow(viewer.token, f1.username);
    await api.follow(star.token, f0.username);
    await api.follow(star.token, f1.username);
    await makeFriends(api, star, f2);
    const followsOf = (res: Awaited<ReturnType<typeof api.call>>) =>
      Object.fromEntries(res.json<PageBody<ListedUser>>().data.map((u) => [u.id, u.viewerFollows]));
    for (const list of ['followers', 'following', 'friends']) {
      const res = await api.call('GET', `/users/${star.username}/${list}`, viewer.token);
      expect(res.statusCode).toBe(200);
      for (const [id, follows] of Object.entries(followsOf(res))) expect(follows).toBe(id === f1.id);
    }
    // Someone else's follows say nothing about the viewer's.
    const own = followsOf(await api.call('GET', `/users/${star.username}/followers`, f0.token));
    expect(own).toEqual({ [f0.id]: false, [f1.id]: false, [f2.id]: false });
  });

  it('lists whom a dancer follows', async () => {
    const ana = await createDancer(t);
    const [b, c] = [await createDancer(t), await createDancer(t)];
    await createFollow(t.database.db, ana.id, b.id, new Date('2025-01-01T10:00:00Z'));
    await createFollow(t.database.db, ana.id, c.id, new Date('2025-01-02T10:00:00Z'));
    const res = await api.call('GET', `/users/${ana.username}/following`, ana.token);
    expect(res.statusCode).toBe(200);
    expect(idsOf(res)).toEqual([c.id, b.id]);
  });

  it('pages with a cursor without repeating or skipping, also while new followers arrive', async () => {
    const { star, fans } = await starWithFans(5);
    const first = await api.call('GET', `/users/${star.username}/followers?limit=2`);
    const page1 = first.json<PageBody<UserSummary>>();
    expect(page1.meta.hasMore).toBe(true);
    const late = await createDancer(t);
    await api.follow(late.token, star.username);
    const seen = [...page1.data.map((u) => u.id)];
    let cursor = page1.meta.nextCursor;
    while (cursor) {
      const next = await api.call('GET', `/users/${star.username}/followers?limit=2&cursor=${cursor}`);
      const page = next.json<PageBody<UserSummary>>();
      seen.push(...page.data.map((u) => u.id));
      cursor = page.meta.nextCursor;
    }
    expect(seen).toEqual(fans.map((f) => f.id).reverse());
  });

  it('leaves out followers blocked either way with the viewer', async () => {
    const { star, fans } = await starWithFans(3);
    const viewer = await createDancer(t);
    const [f0, f1, f2] = fans;
    await api.block(viewer.token, f0?.username ?? '');
    await api.block(f1?.token, viewer.username);
    const res = await api.call('GET', `/users/${star.username}/followers`, viewer.token);
    expect(idsOf(res)).toEqual([f2?.id]);
    expect(idsOf(await api.call('GET', `/users/${star.username}/followers`))).toHaveLength(3);
  });

  it('answers 404 for a dancer blocked either way with the viewer', async () => {
    const ana = await createDancer(t);
    const bruno = await createDancer(t);
    await api.block(bruno.token, ana.username);
    for (const list of ['followers', 'following', 'friends']) {
      expect((await api.call('GET', `/users/${bruno.username}/${list}`, ana.token)).statusCode).toBe(404);
      expect((await api.call('GET', `/users/${ana.username}/${list}`, bruno.token)).statusCode).toBe(404);
    }
  });

  it('rejects a bad limit, a bad cursor and a bad token', async () => {
    const ana = await createDancer(t);
    const limit = await api.call('GET', `/users/${ana.username}/followers?limit=101`);
    expect(limit.statusCode).toBe(400);
    expect(detailPaths(limit)).toEqual(['query.limit']);
    const cursor = await api.call('GET', `/users/${ana.username}/following?cursor=garbage`);
    expect(cursor.statusCode).toBe(400);
    expect(detailPaths(cursor)).toEqual(['query.cursor']);
    expect((await api.call('GET', `/users/${ana.username}/followers`, 'not-a-token')).statusCode).toBe(401);
    expect((await api.call('GET', '/users/nobody_dances_here/followers')).statusCode).toBe(404);
  });
});
