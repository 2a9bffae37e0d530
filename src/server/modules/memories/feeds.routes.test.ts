import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../../contract/social.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { blocks, follows, friendships, mutes } from '../../db/schema/index.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

interface FeedBody {
  data: Memory[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

async function share(user: RegisteredUser, payload: Record<string, unknown> = {}): Promise<Memory> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/memories',
    headers: bearer(user.accessToken),
    payload: { body: 'Anoche en la milonga', ...payload },
  });
  if (res.statusCode !== 201) throw new Error(`share failed: ${res.statusCode} ${res.body}`);
  return res.json<{ data: Memory }>().data;
}

async function feed(
  url: string,
  user?: RegisteredUser,
  query: Record<string, string> = {},
): Promise<FeedBody> {
  const res = await t.app.inject({ url, query, headers: user ? bearer(user.accessToken) : {} });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json<FeedBody>();
}

const ids = (body: FeedBody) => body.data.map((m) => m.id);

async function follow(a: RegisteredUser, b: RegisteredUser) {
  await t.database.db.insert(follows).values({ followerId: a.user.id, followeeId: b.user.id });
}
async function befriend(a: RegisteredUser, b: RegisteredUser) {
  const [low, high] = [a.user.id, b.user.id].sort() as [string, string];
  await t.database.db.insert(friendships).values({ userLowId: low, userHighId: high });
}

/** Walks a feed page by page, sharing `arrivals` new memories before each next page. */
async function walk(url: string, viewer: RegisteredUser | undefined, arrivals: () => Promise<unknown>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await feed(url, viewer, { limit: '4', ...(cursor ? { cursor } : {}) });
    seen.push(...ids(page));
    cursor = page.meta.nextCursor;
    expect(page.meta.hasMore).toBe(cursor !== null);
    await arrivals();
  } while (cursor);
  return seen;
}

describe('GET /api/v1/feed (home)', () => {
  it('shows my memories and those of people I follow or am friends with, newest first', async () => {
    const [me, followed, friend, stranger] = await Promise.all([1, 2, 3, 4].map(() => registerUser(t.app)));
    if (!me || !followed || !friend || !stranger) throw new Error('setup');
    await follow(me, followed);
    await befriend(me, friend);
    const mine = await share(me, { visibility: 'private' });
    const fromFollowed = await share(followed, { visibility: 'followers' });
    const followedFriendsOnly = await share(followed, { visibility: 'friends' });
    const fromFriend = await share(friend, { visibility: 'friends' });
    const fromStranger = await share(stranger);
    const body = await feed('/api/v1/feed', me);
    expect(ids(body)).toEqual([fromFriend.id, fromFollowed.id, mine.id]);
    expect(ids(body)).not.toContain(followedFriendsOnly.id);
    expect(ids(body)).not.toContain(fromStranger.id);
  });

  it('leaves out muted authors', async () => {
    const [me, loud] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    await follow(me, loud);
    const m = await share(loud);
    expect(ids(await feed('/api/v1/feed', me))).toContain(m.id);
    await t.database.db.insert(mutes).values({ muterId: me.user.id, mutedId: loud.user.id });
    expect(ids(await feed('/api/v1/feed', me))).not.toContain(m.id);
  });

  it('never lets muted authors take the places of the sources a page is drawn from', async () => {
    // A page is drawn from the sources whose newest memory is among the newest (limit + 1) of them;
    // muted authors who posted last must not fill those places and push the others out.
    const [me, a, b, mutedOne, mutedTwo] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t.app)));
    if (!me || !a || !b || !mutedOne || !mutedTwo) throw new Error('setup');
    for (const other of [a, b, mutedOne, mutedTwo]) await follow(me, other);
    for (const muted of [mutedOne, mutedTwo]) {
      await t.database.db.insert(mutes).values({ muterId: me.user.id, mutedId: muted.user.id });
    }
    const fromB = await share(b);
    const fromA = await share(a);
    await share(mutedOne);
    await share(mutedTwo);
    expect(ids(await feed('/api/v1/feed', me, { limit: '2' }))).toEqual([fromA.id, fromB.id]);
  });

  it('takes a whole page from one prolific source when it posted everything newest', async () => {
    const [me, quiet, prolific] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!me || !quiet || !prolific) throw new Error('setup');
    await follow(me, quiet);
    await follow(me, prolific);
    const old = await share(quiet);
    const burst: string[] = [];
    for (let i = 0; i < 4; i++) burst.push((await share(prolific)).id);
    const first = await feed('/api/v1/feed', me, { limit: '3' });
    expect(ids(first)).toEqual(burst.slice(1).reverse());
    const next = await feed('/api/v1/feed', me, { limit: '3', cursor: first.meta.nextCursor ?? '' });
    expect(ids(next)).toEqual([burst[0], old.id]);
  });

  it('pages without repeats or gaps while new memories arrive', async () => {
    const [me, a, b] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!me || !a || !b) throw new Error('setup');
    await follow(me, a);
    await befriend(me, b);
    const before: string[] = [];
    for (let i = 0; i < 9; i++) before.push((await share([me, a, b][i % 3] as RegisteredUser)).id);
    const seen = await walk('/api/v1/feed', me, () => share(a));
    expect(seen).toEqual(before.reverse());
  });

  it('requires auth and a valid cursor', async () => {
    const me = await registerUser(t.app);
    expect((await t.app.inject({ url: '/api/v1/feed' })).statusCode).toBe(401);
    const bad = await t.app.inject({ url: '/api/v1/feed?cursor=nope', headers: bearer(me.accessToken) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('query.cursor');
  });
});

describe('public, city, tag and user feeds', () => {
  it('the public feed shows public memories to anyone, minus authors I muted or who blocked me', async () => {
    const [author, viewer, blocker] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!author || !viewer || !blocker) throw new Error('setup');
    const pub = await share(author);
    const forFollowers = await share(author, { visibility: 'followers' });
    const fromBlocker = await share(blocker);
    await t.database.db.insert(blocks).values({ blockerId: blocker.user.id, blockedId: viewer.user.id });
    const anon = ids(await feed('/api/v1/feed/public', undefined, { limit: '100' }));
    expect(anon).toContain(pub.id);
    expect(anon).toContain(fromBlocker.id);
    expect(anon).not.toContain(forFollowers.id);
    const mine = ids(await feed('/api/v1/feed/public', viewer, { limit: '100' }));
    expect(mine).toContain(pub.id);
    expect(mine).not.toContain(fromBlocker.id);
  });

  it('the city feed matches the city whatever its case and pages stably', async () => {
    const city = unique('Ciudad ');
    const author = await registerUser(t.app);
    const before: string[] = [];
    for (let i = 0; i < 6; i++) before.push((await share(author, { city })).id);
    await share(author, { city, visibility: 'friends' });
    const seen = await walk(`/api/v1/cities/${encodeURIComponent(city.toUpperCase())}/feed`, undefined, () =>
      share(author, { city }),
    );
    expect(seen).toEqual(before.reverse());
  });

  it('the tag feed shows what the viewer may see, by tag in any case', async () => {
    const tag = unique('tanda');
    const [author, follower] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    await follow(follower, author);
    const pub = await share(author, { body: `#${tag.toUpperCase()} de Pugliese` });
    const forFollowers = await share(author, {
      body: 'sin tag en el texto',
      tags: [tag],
      visibility: 'followers',
    });
    expect(ids(await feed(`/api/v1/tags/${tag}/memories`))).toEqual([pub.id]);
    expect(ids(await feed(`/api/v1/tags/%23${tag}/memories`, follower))).toEqual([forFollowers.id, pub.id]);
  });

  it('the user feed shows what I may see of a dancer, and 404 for an unknown one or behind a block', async () => {
    const [author, viewer] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const pub = await share(author);
    await share(author, { visibility: 'private' });
    const own = await feed(`/api/v1/users/${author.username}/memories`, author);
    expect(own.data).toHaveLength(2);
    expect(ids(await feed(`/api/v1/users/${author.username}/memories`, viewer))).toEqual([pub.id]);
    const unknown = await t.app.inject({ url: '/api/v1/users/nadie_por_aqui/memories' });
    expect(unknown.statusCode).toBe(404);
    await t.database.db.insert(blocks).values({ blockerId: author.user.id, blockedId: viewer.user.id });
    const blocked = await t.app.inject({
      url: `/api/v1/users/${author.username}/memories`,
      headers: bearer(viewer.accessToken),
    });
    expect(blocked.statusCode).toBe(404);
  });

  it.each([
    ['/api/v1/cities/%20/feed', 'params.city'],
    ['/api/v1/tags/dos%20palabras/memories', 'params.tag'],
    ['/api/v1/feed/public?limit=101', 'query.limit'],
  ])('rejects %s on %s', async (url, path) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(400);
    expect((res.json<ErrorEnvelope>().error.details ?? []).map((d) => d.path)).toContain(path);
  });
});

describe('home timelines under concurrency', () => {
  it('follows and shares sent together all land in the home feeds of the followers', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 12 }, async () => [await registerUser(t.app), await registerUser(t.app)] as const),
    );
    const shared = await Promise.all(
      pairs.map(async ([author, follower]) => {
        const [memory, res] = await Promise.all([
          share(author),
          t.app.inject({
            method: 'PUT',
            url: `/api/v1/users/${author.username}/follow`,
            headers: bearer(follower.accessToken),
          }),
        ]);
        expect(res.statusCode).toBe(204);
        return memory;
      }),
    );
    for (const [i, [, follower]] of pairs.entries()) {
      expect(ids(await feed('/api/v1/feed', follower))).toEqual([shared[i]?.id]);
    }
  });
});
