import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../../contract/social.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { feedChanges } from '../../db/schema/index.ts';
import { createHomePageCache, HOME_CACHE_TTL_MS } from './home-cache.ts';
import type { MemoryView } from './memories-view.repo.ts';
import { deleteFeedChangesBefore } from './memories.repo.ts';

// Two instances of one deployment over one database: `one` reads home pages (and caches them), `two`
// makes every change. A cached page must never outlive a change made anywhere.

interface FeedBody {
  data: Memory[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

let database: DatabaseHandle;
let one: TestApp;
let two: TestApp;
beforeAll(async () => {
  database = await createTestDatabase();
  one = await createTestApp({ database });
  two = await createTestApp({ database });
});
afterAll(async () => {
  await one.app.close();
  await two.app.close();
  await database.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function call(t: TestApp, method: Method, url: string, user: RegisteredUser, payload?: object) {
  const res = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(user.accessToken),
    payload,
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}

async function home(user: RegisteredUser, query = ''): Promise<FeedBody> {
  return (await call(one, 'GET', `/feed${query}`, user)).json<FeedBody>();
}

async function share(user: RegisteredUser, payload: Record<string, unknown> = {}): Promise<Memory> {
  const res = await call(two, 'POST', '/memories', user, { body: 'Anoche en la milonga', ...payload });
  return res.json<{ data: Memory }>().data;
}

/** The lookups `one` counted, from its /metrics. */
async function lookups(): Promise<Record<'hit' | 'miss' | 'stale', number>> {
  const text = (await one.app.inject({ url: '/metrics' })).body;
  const read = (outcome: string) =>
    Number(
      new RegExp(`abrazo_home_cache_lookups_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? NaN,
    );
  return { hit: read('hit'), miss: read('miss'), stale: read('stale') };
}

const ids = (body: FeedBody) => body.data.map((m) => m.id);

/** A viewer following an author who has shared two memories, with the viewer's page cached on `one`. */
async function cachedScene() {
  const [viewer, author] = await Promise.all([registerUser(one.app), registerUser(one.app)]);
  await call(two, 'PUT', `/users/${author.username}/follow`, viewer);
  const older = await share(author, { body: 'La primera tanda' });
  const newer = await share(author, { body: 'Una cortina larga' });
  expect(ids(await home(viewer))).toEqual([newer.id, older.id]);
  return { viewer, author, older, newer };
}

/** Reads the viewer's page twice: the first read finds the cached page (if any) stale, the second uses the new one. */
async function expectReadAnew(viewer: RegisteredUser, wasCached = true): Promise<FeedBody> {
  const before = await lookups();
  const body = await home(viewer);
  const after = await lookups();
  expect(after.stale - before.stale).toBe(wasCached ? 1 : 0);
  expect(after.miss - before.miss).toBe(1);
  const again = await home(viewer);
  // An empty page is not kept (the statement that reads it returns no rows to carry its snapshot).
  expect((await lookups()).hit - after.hit).toBe(body.data.length > 0 ? 1 : 0);
  expect(again).toEqual(body);
  return body;
}

describe('the home page cache', () => {
  it('answers a repeated first page from the cache with the same body', async () => {
    const { viewer } = await cachedScene();
    const first = await home(viewer);
    const before = await lookups();
    const second = await home(viewer);
    expect((await lookups()).hit - before.hit).toBe(1);
    expect(second).toEqual(first);
  });

  it('reads counts, my reactions and my bookmark afresh on a cached page', async () => {
    const { viewer, author, newer } = await cachedScene();
    await call(two, 'PUT', `/memories/${newer.id}/reactions/abrazo`, viewer);
    await call(two, 'PUT', `/memories/${newer.id}/reactions/love`, author);
    await call(two, 'PUT', `/memories/${newer.id}/bookmark`, viewer);
    await call(two, 'POST', `/memories/${newer.id}/comments`, author, { body: '¡Qué noche!' });
    const before = await lookups();
    const [top] = (await home(viewer)).data;
    expect((await lookups()).hit - before.hit).toBe(1);
    expect(top).toMatchObject({
      id: newer.id,
      myReactions: ['abrazo'],
      bookmarked: true,
      commentCount: 1,
      reactionCounts: { abrazo: 1, love: 1, like: 0 },
    });
  });

  it('shows a memory a followee shares through another instance at once', async () => {
    const { viewer, author, newer, older } = await cachedScene();
    const newest = await share(author, { body: 'Otra milonga', visibility: 'followers' });
    expect(ids(await expectReadAnew(viewer))).toEqual([newest.id, newer.id, older.id]);
  });

  it('reads a stale page once for many requests that find it stale together', async () => {
    const { viewer, author, newer, older } = await cachedScene();
    const newest = await share(author, { body: 'Tanda de valses' });
    const before = await lookups();
    const bodies = await Promise.all(Array.from({ length: 8 }, () => home(viewer)));
    const after = await lookups();
    for (const body of bodies) expect(ids(body)).toEqual([newest.id, newer.id, older.id]);
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(7);
  });

  it('shows an edit, and drops a memory made private or deleted', async () => {
    const { viewer, author, newer, older } = await cachedScene();
    await call(two, 'PATCH', `/memories/${older.id}`, author, { body: 'La primera tanda, corregida' });
    expect((await expectReadAnew(viewer)).data[1]?.body).toBe('La primera tanda, corregida');
    await call(two, 'PATCH', `/memories/${newer.id}`, author, { visibility: 'private' });
    expect(ids(await expectReadAnew(viewer))).toEqual([older.id]);
    await call(two, 'DELETE', `/memories/${older.id}`, author);
    expect(ids(await expectReadAnew(viewer))).toEqual([]);
  });

  it('follows unfollows, mutes and blocks at once', async () => {
    const { viewer, author, newer, older } = await cachedScene();
    await call(two, 'DELETE', `/users/${author.username}/follow`, viewer);
    expect(ids(await expectReadAnew(viewer))).toEqual([]);
    await call(two, 'PUT', `/users/${author.username}/follow`, viewer);
    expect(ids(await expectReadAnew(viewer, false))).toEqual([newer.id, older.id]);
    await call(two, 'PUT', `/users/${author.username}/mute`, viewer);
    expect(ids(await expectReadAnew(viewer))).toEqual([]);
    await call(two, 'DELETE', `/users/${author.username}/mute`, viewer);
    expect(ids(await expectReadAnew(viewer, false))).toEqual([newer.id, older.id]);
    // The author blocks the viewer: the viewer's follow goes, and so do the memories.
    await call(two, 'PUT', `/users/${viewer.username}/block`, author);
    expect(ids(await expectReadAnew(viewer))).toEqual([]);
  });

  it('shows friends-only memories once a friendship is made, and not after it ends', async () => {
    const { viewer, author, newer, older } = await cachedScene();
    const secret = await share(author, { body: 'Solo para amigos', visibility: 'friends' });
    expect(ids(await expectReadAnew(viewer))).toEqual([newer.id, older.id]);
    await call(two, 'POST', `/users/${viewer.username}/friend-request`, author, {});
    await call(two, 'POST', `/users/${author.username}/friend-request`, viewer, {});
    expect(ids(await expectReadAnew(viewer))).toEqual([secret.id, newer.id, older.id]);
    await call(two, 'DELETE', `/users/${viewer.username}/friend`, author);
    expect(ids(await expectReadAnew(viewer))).toEqual([newer.id, older.id]);
  });

  it("shows an author's new display name", async () => {
    const { viewer, author } = await cachedScene();
    await call(two, 'PATCH', '/me', author, { displayName: 'La Negra Milonguera' });
    const body = await expectReadAnew(viewer);
    expect(body.data.map((m) => m.author.displayName)).toEqual([
      'La Negra Milonguera',
      'La Negra Milonguera',
    ]);
  });

  it('does not let a change to someone else invalidate the page, nor cache deeper pages', async () => {
    const { viewer, newer, older } = await cachedScene();
    const stranger = await registerUser(one.app);
    await share(stranger, { body: 'Nadie me sigue' });
    const before = await lookups();
    expect(ids(await home(viewer))).toEqual([newer.id, older.id]);
    expect((await lookups()).hit - before.hit).toBe(1);

    const first = await home(viewer, '?limit=1');
    expect(ids(first)).toEqual([newer.id]);
    const cursor = encodeURIComponent(first.meta.nextCursor ?? '');
    const counted = await lookups();
    expect(ids(await home(viewer, `?limit=1&cursor=${cursor}`))).toEqual([older.id]);
    expect(ids(await home(viewer, `?limit=1&cursor=${cursor}`))).toEqual([older.id]);
    expect(await lookups()).toEqual(counted);
  });

  it('keeps every page of one viewer apart from another viewer', async () => {
    const a = await cachedScene();
    const b = await cachedScene();
    expect(ids(await home(a.viewer))).toEqual([a.newer.id, a.older.id]);
    expect(ids(await home(b.viewer))).toEqual([b.newer.id, b.older.id]);
  });
});

describe('feed changes', () => {
  it('are noted by the triggers, once per statement and user, and pruned after an hour', async () => {
    const [viewer, author] = await Promise.all([registerUser(two.app), registerUser(two.app)]);
    const rowsFor = async (userId: string) =>
      (
        await database.rows<{ n: number }>(
          sql`select count(*)::int as n from feed_changes where user_id = ${userId}::uuid`,
        )
      )[0]?.n ?? 0;
    const start = await rowsFor(author.user.id);
    await share(author);
    expect(await rowsFor(author.user.id)).toBe(start + 1);
    // A reaction changes only counts, which a cached page reads afresh: no row.
    const memory = await share(author);
    await call(two, 'PUT', `/memories/${memory.id}/reactions/like`, viewer);
    expect(await rowsFor(author.user.id)).toBe(start + 2);

    await database.db
      .insert(feedChanges)
      .values({ userId: viewer.user.id, changedAt: new Date(Date.now() - 2 * 60 * 60_000) });
    const before = await rowsFor(viewer.user.id);
    expect(await deleteFeedChangesBefore(database.db, new Date(Date.now() - 60 * 60_000))).toBeGreaterThan(0);
    expect(await rowsFor(viewer.user.id)).toBe(before - 1);
  });
});

describe('createHomePageCache', () => {
  const view = { id: 'x' } as MemoryView;

  it('forgets the least recently used page past its size, and pages older than the TTL', () => {
    let now = 0;
    const cache = createHomePageCache(2, () => now);
    cache.set('a', { snapshot: '1:1:', views: [view] });
    cache.set('b', { snapshot: '1:1:', views: [view] });
    expect(cache.get('a')).toBeDefined();
    cache.set('c', { snapshot: '1:1:', views: [view] });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    now += HOME_CACHE_TTL_MS + 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats().size).toBe(1);
    // Storing a page sweeps out those past their TTL, read or not.
    cache.set('d', { snapshot: '1:1:', views: [view] });
    expect(cache.stats().size).toBe(1);
  });

  it('keeps nothing with size 0', () => {
    const cache = createHomePageCache(0);
    cache.set('a', { snapshot: '1:1:', views: [view] });
    expect(cache.get('a')).toBeUndefined();
  });
});
