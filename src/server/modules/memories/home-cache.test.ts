import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../../contract/social.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { memories } from '../../db/schema/index.ts';
import { fanOutQuery } from '../relations/home-timelines.repo.ts';
import { createHomePageCache, estimatePageBytes, HOME_CACHE_TTL_MS } from './home-cache.ts';
import type { MemoryView } from './memories-view.repo.ts';
import { deleteFeedChangesOlderThan } from './memories.repo.ts';

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

  it('shows the new name of a mentioned dancer the viewer does not follow', async () => {
    const { viewer, author, newer, older } = await cachedScene();
    const mentioned = await registerUser(one.app);
    const withMention = await share(author, { body: `Bailé con @${mentioned.username}` });
    expect(ids(await expectReadAnew(viewer))).toEqual([withMention.id, newer.id, older.id]);
    await call(two, 'PATCH', '/me', mentioned, { displayName: 'El Pibe del Abasto' });
    const [top] = (await expectReadAnew(viewer)).data;
    expect(top?.mentions.map((m) => m.displayName)).toEqual(['El Pibe del Abasto']);
  });

  it('keeps one page per viewer, for the page size asked last', async () => {
    const { viewer, newer } = await cachedScene();
    const before = await lookups();
    expect(ids(await home(viewer, '?limit=1'))).toEqual([newer.id]);
    expect(ids(await home(viewer, '?limit=1'))).toEqual([newer.id]);
    await home(viewer);
    expect(await lookups()).toMatchObject({ miss: before.miss + 2, hit: before.hit + 1 });
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'sees a change whose transaction was still open when the page was read (needs TEST_DATABASE_URL)',
    async () => {
      const { viewer, author, newer, older } = await cachedScene();
      const stranger = await registerUser(one.app);
      let commit: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (commit = resolve));
      let written: () => void = () => undefined;
      const inserted = new Promise<void>((resolve) => (written = resolve));
      const tx = database.db.transaction(async (t) => {
        const [row] = await t
          .insert(memories)
          .values({ authorId: author.user.id, body: 'Tarde', visibility: 'public' })
          .returning({ id: memories.id });
        // Into the timelines too, in the same transaction, as sharing through the API does.
        await t.execute(fanOutQuery(row?.id ?? ''));
        written();
        await released;
      });
      try {
        await inserted;
        // A change of the viewer's own makes the page stale, so it is read again while that transaction is
        // open: the new page's snapshot lists it as in progress.
        await call(two, 'PUT', `/users/${stranger.username}/mute`, viewer);
        expect(ids(await expectReadAnew(viewer))).toEqual([newer.id, older.id]);
      } finally {
        commit();
        await tx;
      }
      expect((await expectReadAnew(viewer)).data.map((m) => m.body)).toEqual([
        'Tarde',
        newer.body,
        older.body,
      ]);
    },
  );

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
  const rowsFor = async (userId: string) =>
    (
      await database.rows<{ n: number }>(
        sql`select count(*)::int as n from feed_changes where user_id = ${userId}::uuid`,
      )
    )[0]?.n ?? 0;

  it('are noted once per statement and user, not for counts, and pruned after an hour', async () => {
    const [viewer, author] = await Promise.all([registerUser(two.app), registerUser(two.app)]);
    const start = await rowsFor(author.user.id);
    // One memory: the memory row and its tag, two statements.
    await share(author, { body: 'Sin etiquetas' });
    expect(await rowsFor(author.user.id)).toBe(start + 1);
    const memory = await share(author, { body: 'Una #milonga' });
    expect(await rowsFor(author.user.id)).toBe(start + 3);
    // A reaction changes only counts, which a cached page reads afresh: no row.
    await call(two, 'PUT', `/memories/${memory.id}/reactions/like`, viewer);
    expect(await rowsFor(author.user.id)).toBe(start + 3);

    await database.rows(
      sql`insert into feed_changes (user_id, changed_at) values (${viewer.user.id}::uuid, now() - interval '2 hours')`,
    );
    const before = await rowsFor(viewer.user.id);
    expect(await deleteFeedChangesOlderThan(database.db, '1 hour')).toBeGreaterThan(0);
    expect(await rowsFor(viewer.user.id)).toBe(before - 1);
  });

  it("note a change of a username's case, and tags and mentions written by a script", async () => {
    const { viewer, author, older } = await cachedScene();
    await database.rows(sql`update users set username = upper(username) where id = ${author.user.id}::uuid`);
    expect((await expectReadAnew(viewer)).data[0]?.author.username).toBe(author.username.toUpperCase());
    await database.rows(
      sql`insert into memory_tags (memory_id, tag, created_at) values (${older.id}::uuid, 'vals', now())`,
    );
    expect((await expectReadAnew(viewer)).data[1]?.tags).toEqual(['vals']);
    await database.rows(sql`delete from memory_tags where memory_id = ${older.id}::uuid`);
    expect((await expectReadAnew(viewer)).data[1]?.tags).toEqual([]);
  });
});

describe('createHomePageCache', () => {
  const view = (body = 'x') => ({ id: 'x', body, tags: [], mentions: [] }) as unknown as MemoryView;
  const page = (views = [view()], limit = 20) => ({ limit, snapshot: '1:1:', views });
  const oneViewBytes = estimatePageBytes([view()]);

  it('forgets the least recently used page past its budget, and pages older than the TTL', () => {
    // lru-cache reads a start time of 0 as "no TTL"; performance.now() is never 0 in a running process.
    let now = 1;
    const cache = createHomePageCache(2 * oneViewBytes, () => now);
    cache.set('a', page());
    cache.set('b', page());
    expect(cache.get('a', 20)).toBeDefined();
    cache.set('c', page());
    expect(cache.get('b', 20)).toBeUndefined();
    expect(cache.get('a', 20)).toBeDefined();
    expect(cache.stats()).toMatchObject({ pages: 2, bytes: 2 * oneViewBytes });
    now += HOME_CACHE_TTL_MS + 1;
    expect(cache.get('a', 20)).toBeUndefined();
    expect(cache.stats().pages).toBe(1);
    // Storing a page sweeps out those past their TTL, read or not.
    cache.set('d', page());
    expect(cache.stats()).toMatchObject({ pages: 1, bytes: oneViewBytes });
  });

  it('keeps one page per viewer, used only for the same page size, and no page over the budget', () => {
    const cache = createHomePageCache(10 * oneViewBytes);
    cache.set('a', page([view()], 5));
    expect(cache.get('a', 20)).toBeUndefined();
    expect(cache.get('a', 5)).toBeDefined();
    cache.set('a', page([view()], 20));
    expect(cache.get('a', 5)).toBeUndefined();
    expect(cache.stats().pages).toBe(1);
    cache.set('b', page([view('x'.repeat(10 * oneViewBytes))]));
    expect(cache.get('b', 20)).toBeUndefined();
  });

  it('keeps nothing with a budget of 0', () => {
    const cache = createHomePageCache(0);
    expect(cache.enabled).toBe(false);
    cache.set('a', page());
    expect(cache.get('a', 20)).toBeUndefined();
  });
});
