import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { registerUser } from '../../../test/helpers/auth.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { createSockets, listen, type TestClient } from '../../../test/helpers/sockets.ts';

// Each user may hold SOCKETS_PER_USER sockets (20 by default) over every instance; the next handshake
// is refused with TOO_MANY_CONNECTIONS until one of them closes.

const sockets = createSockets();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  sockets.closeAll();
  for (const f of cleanups.reverse()) await f();
});

const refusal = (n: number) => ({
  code: 'TOO_MANY_CONNECTIONS',
  message: `This account already has ${n} connections open (tabs, devices); close one and try again.`,
});

/** The connect error of a refused handshake: its message is the code, its data {code, message}. */
async function refused(base: string, token: string): Promise<unknown> {
  const err = await sockets.open(base, token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return (err as Error & { data?: unknown }).data ?? (err as Error).message;
}

/** Opens `n` sockets at once on the given bases, in turn. */
const openMany = (bases: string[], token: string, n: number): Promise<TestClient[]> =>
  Promise.all(Array.from({ length: n }, (_, i) => sockets.open(bases[i % bases.length] ?? '', token)));

/** A new socket, as soon as a freed slot is seen (slots go back just after the close is noticed). */
const openOnceFreed = (base: string, token: string) =>
  vi.waitFor(() => sockets.open(base, token), { timeout: 5_000, interval: 50 });

async function app(opts: Parameters<typeof createTestApp>[0] = {}): Promise<{ t: TestApp; url: string }> {
  const t = await createTestApp(opts);
  return { t, url: await listen(t) };
}

describe('sockets per user', () => {
  it('lets 20 in, refuses the 21st with TOO_MANY_CONNECTIONS, and lets one in again once one closes', async () => {
    const { t, url } = await app();
    cleanups.push(() => t.close());
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const open = await openMany([url], ana.accessToken, 20);
    expect(open.every((s) => s.connected)).toBe(true);
    expect(await refused(url, ana.accessToken)).toEqual(refusal(20));
    // Per user: Bruno is not held back by Ana's sockets.
    expect((await sockets.open(url, bruno.accessToken)).connected).toBe(true);

    open[0]?.disconnect();
    expect((await openOnceFreed(url, ana.accessToken)).connected).toBe(true);
    expect(await refused(url, ana.accessToken)).toEqual(refusal(20));
    expect(await t.app.io.in(`user:${ana.user.id}`).fetchSockets()).toHaveLength(20);
  });

  it('never lets more in than the cap, however many handshakes arrive at once', async () => {
    const { t, url } = await app({ config: { socketsPerUser: 5 } });
    cleanups.push(() => t.close());
    const ana = await registerUser(t.app);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => sockets.open(url, ana.accessToken)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(reasons).toEqual(Array.from({ length: 7 }, () => 'Error: TOO_MANY_CONNECTIONS'));
  });

  it('keeps no slot for a refused handshake', async () => {
    const { t, url } = await app({ config: { socketsPerUser: 1 } });
    cleanups.push(() => t.close());
    const ana = await registerUser(t.app);
    const first = await sockets.open(url, ana.accessToken);
    expect(await refused(url, ana.accessToken)).toEqual(refusal(1));
    first.disconnect();
    await openOnceFreed(url, ana.accessToken);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe.skipIf(!redisUrl)('sockets per user over two instances (needs TEST_REDIS_URL)', () => {
  async function twoInstances(socketsPerUser?: number) {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const redisPrefix = `abrazo-cap-${randomBytes(4).toString('hex')}`;
    const config = socketsPerUser === undefined ? {} : { config: { socketsPerUser } };
    const a = await app({ database, redisPrefix, ...config });
    const b = await app({ database, redisPrefix, ...config });
    cleanups.push(() => b.t.app.close());
    return { a, b };
  }

  it('counts the sockets of both: 10 on each, the 21st refused on either, a slot freed on A usable on B', async () => {
    const { a, b } = await twoInstances();
    cleanups.push(() => a.t.app.close());
    const ana = await registerUser(a.t.app);
    const open = await openMany([a.url, b.url], ana.accessToken, 20);
    expect(await refused(a.url, ana.accessToken)).toEqual(refusal(20));
    expect(await refused(b.url, ana.accessToken)).toEqual(refusal(20));
    const onA = open.filter((_, i) => i % 2 === 0);
    onA[0]?.disconnect();
    expect((await openOnceFreed(b.url, ana.accessToken)).connected).toBe(true);
    expect(await refused(a.url, ana.accessToken)).toEqual(refusal(20));
  }, 20_000);

  it('lets no more in than the cap when handshakes race on both instances', async () => {
    const { a, b } = await twoInstances(6);
    cleanups.push(() => a.t.app.close());
    const ana = await registerUser(a.t.app);
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => sockets.open(i % 2 === 0 ? a.url : b.url, ana.accessToken)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
  }, 20_000);

  it('gives back the slots of an instance that shuts down', async () => {
    const { a, b } = await twoInstances(4);
    const ana = await registerUser(a.t.app);
    await openMany([a.url], ana.accessToken, 4);
    expect(await refused(b.url, ana.accessToken)).toEqual(refusal(4));
    await a.t.app.close();
    expect((await openMany([b.url], ana.accessToken, 4)).every((s) => s.connected)).toBe(true);
  }, 20_000);
});
