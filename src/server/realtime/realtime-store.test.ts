import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryRealtimeStore } from './realtime-store.ts';
import { createRedisRealtimeStore } from './realtime-store.redis.ts';
import type { RealtimeStore, SendLimit } from './realtime-store.types.ts';

const silent = { warn: () => undefined };
// Redis reads its own clock (TIME) in every script, so its tests let real time pass: what they wait
// for is the passing of time itself (refills, expiries), not an event.
const letTimePass = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Harness {
  /** A store; every store of one harness shares state, like instances of one deployment. */
  store(limit?: SendLimit): RealtimeStore;
  /** Lets time pass for the stores. */
  wait(ms: number): Promise<void>;
}

// 2 at once, then one every 200 ms. The timings leave room for a slow machine when time is real.
const LIMIT: SendLimit = { burst: 2, perSecond: 5 };

/** The semantics both stores must have. */
function storeContract(harness: () => Harness) {
  describe('send allowance', () => {
    it('allows the burst, then refuses with the time until the next message', async () => {
      const store = harness().store(LIMIT);
      const user = randomUUID();
      expect(await store.takeSend(user)).toEqual({ allowed: true });
      expect(await store.takeSend(user)).toEqual({ allowed: true });
      const refused = await store.takeSend(user);
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) {
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(200);
      }
    });

    it('refills at the sustained rate, never beyond the burst', async () => {
      const h = harness();
      const store = h.store(LIMIT);
      const user = randomUUID();
      await store.takeSend(user);
      await store.takeSend(user);
      await h.wait(260);
      expect((await store.takeSend(user)).allowed).toBe(true);
      expect((await store.takeSend(user)).allowed).toBe(false);
      await h.wait(2_000);
      const after = [];
      for (let i = 0; i < 3; i++) after.push((await store.takeSend(user)).allowed);
      expect(after).toEqual([true, true, false]);
    });

    it('counts each user apart, and one user alike on every store of a deployment', async () => {
      const h = harness();
      const [a, b] = [h.store(LIMIT), h.store(LIMIT)];
      const [ana, bruno] = [randomUUID(), randomUUID()];
      await a.takeSend(ana);
      await b.takeSend(ana);
      expect((await a.takeSend(ana)).allowed).toBe(false);
      expect((await b.takeSend(bruno)).allowed).toBe(true);
    });
  });

  describe('typing', () => {
    it('lists a typist until they stop; only the first stop reports that they were typing', async () => {
      const store = harness().store();
      const [conversation, ana] = [randomUUID(), randomUUID()];
      const before = Date.now();
      const expiresAt = await store.startTyping(conversation, ana, 5_000);
      expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + 4_000);
      expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 6_000);
      expect(await store.listTyping(conversation)).toEqual([{ userId: ana, expiresAt }]);
      expect(await store.listTyping(randomUUID())).toEqual([]);
      expect(await store.stopTyping(conversation, ana)).toBe(true);
      expect(await store.stopTyping(conversation, ana)).toBe(false);
      expect(await store.listTyping(conversation)).toEqual([]);
    });

    it('drops a mark at its expiry; one sweep returns it, once', async () => {
      const h = harness();
      const [first, second] = [h.store(), h.store()];
      const [conversation, ana, bruno] = [randomUUID(), randomUUID(), randomUUID()];
      await first.startTyping(conversation, ana, 150);
      await first.startTyping(conversation, bruno, 10_000);
      await h.wait(250);
      expect((await first.listTyping(conversation)).map((t) => t.userId)).toEqual([bruno]);
      const swept = await Promise.all([first.sweepTyping(), second.sweepTyping(), first.sweepTyping()]);
      expect(swept.flat().filter((e) => e.conversationId === conversation)).toEqual([
        { conversationId: conversation, userId: ana },
      ]);
      expect(await second.stopTyping(conversation, ana)).toBe(false);
      expect(await second.stopTyping(conversation, bruno)).toBe(true);
    });

    it('keeps a mark that was started again before it ran out', async () => {
      const h = harness();
      const store = h.store();
      const [conversation, ana] = [randomUUID(), randomUUID()];
      await store.startTyping(conversation, ana, 300);
      await h.wait(150);
      await store.startTyping(conversation, ana, 300);
      await h.wait(200);
      expect((await store.sweepTyping()).filter((e) => e.conversationId === conversation)).toEqual([]);
      expect((await store.listTyping(conversation)).map((t) => t.userId)).toEqual([ana]);
    });
  });

  describe('socket slots', () => {
    const slot = (userId: string, socketId = randomUUID()) => ({ userId, socketId });

    it("takes up to max of a user's slots, on any store of a deployment, then refuses", async () => {
      const h = harness();
      const [a, b] = [h.store(), h.store()];
      const [ana, bruno] = [randomUUID(), randomUUID()];
      const taken = await Promise.all([
        a.acquireSocket(slot(ana), 3, 10_000),
        b.acquireSocket(slot(ana), 3, 10_000),
        a.acquireSocket(slot(ana), 3, 10_000),
        b.acquireSocket(slot(ana), 3, 10_000),
        a.acquireSocket(slot(ana), 3, 10_000),
      ]);
      expect(taken.filter(Boolean)).toHaveLength(3);
      expect(await b.acquireSocket(slot(bruno), 3, 10_000)).toBe(true);
    });

    it('counts a socket once, and frees its slot when given back (twice changes nothing)', async () => {
      const h = harness();
      const [a, b] = [h.store(), h.store()];
      const ana = randomUUID();
      const first = slot(ana);
      expect(await a.acquireSocket(first, 2, 10_000)).toBe(true);
      expect(await a.acquireSocket(first, 2, 10_000)).toBe(true);
      expect(await b.acquireSocket(slot(ana), 2, 10_000)).toBe(true);
      expect(await b.acquireSocket(slot(ana), 2, 10_000)).toBe(false);
      await b.releaseSocket(first);
      await a.releaseSocket(first);
      expect(await b.acquireSocket(slot(ana), 2, 10_000)).toBe(true);
      expect(await a.acquireSocket(slot(ana), 2, 10_000)).toBe(false);
    });

    it('frees the slots nobody renews once their lease runs out, and keeps the renewed ones', async () => {
      const h = harness();
      const [a, b] = [h.store(), h.store()];
      const ana = randomUUID();
      const [kept, lost] = [slot(ana), slot(ana)];
      await a.acquireSocket(kept, 2, 300);
      await b.acquireSocket(lost, 2, 300);
      await h.wait(200);
      await a.renewSockets([kept], 300);
      await h.wait(200);
      // The instance holding `lost` died: only `kept` still counts.
      expect(await b.acquireSocket(slot(ana), 2, 300)).toBe(true);
      expect(await b.acquireSocket(slot(ana), 2, 300)).toBe(false);
    });

    it('does not take back a slot given back before a renewal', async () => {
      const h = harness();
      const store = h.store();
      const ana = randomUUID();
      const gone = slot(ana);
      await store.acquireSocket(gone, 1, 10_000);
      await store.releaseSocket(gone);
      await store.renewSockets([gone], 10_000);
      expect(await store.acquireSocket(slot(ana), 1, 10_000)).toBe(true);
    });
  });
}

describe('in-memory realtime store', () => {
  storeContract(() => {
    let now = Date.now();
    let shared: RealtimeStore | undefined;
    return {
      // One process has one store; a second "instance" here is the same one.
      store: (limit = LIMIT) => (shared ??= createMemoryRealtimeStore({ sendLimit: limit, now: () => now })),
      wait: (ms) => {
        now += ms;
        return Promise.resolve();
      },
    };
  });

  it('forgets users whose allowance has refilled', async () => {
    let now = 0;
    const store = createMemoryRealtimeStore({ sendLimit: LIMIT, now: () => now });
    const ana = randomUUID();
    await store.takeSend(ana);
    await store.takeSend(ana);
    now += 10_000;
    // Pruned on the next call, whoever makes it; ana starts from a full bucket either way.
    await store.takeSend(randomUUID());
    expect([(await store.takeSend(ana)).allowed, (await store.takeSend(ana)).allowed]).toEqual([true, true]);
  });
});

describe('Redis realtime store, Redis down', () => {
  it('lets messages through while Redis is unreachable', async () => {
    const redis = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    const warnings: string[] = [];
    const store = createRedisRealtimeStore({
      redis,
      prefix: 'abrazo-test-unreachable:rt',
      sendLimit: LIMIT,
      log: { warn: (_obj, msg) => warnings.push(msg) },
    });
    expect(await store.takeSend(randomUUID())).toEqual({ allowed: true });
    expect(warnings).toEqual(['send limit unavailable, allowing the message']);
    // The socket cap fails open in the gateway (socket-slots.ts); the store reports the outage.
    await expect(store.acquireSocket({ userId: randomUUID(), socketId: 'one' }, 20, 1_000)).rejects.toThrow();
    redis.disconnect();
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe.skipIf(!redisUrl)('Redis realtime store (needs TEST_REDIS_URL)', () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });
  const connect = () => {
    const client = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 2 });
    clients.push(client);
    return client;
  };

  storeContract(() => {
    // A prefix per test: parallel runs and other files never share keys.
    const prefix = `abrazo-test-${randomBytes(6).toString('hex')}:rt`;
    return {
      // A client per store, as each instance has its own connection.
      store: (limit = LIMIT) =>
        createRedisRealtimeStore({ redis: connect(), prefix, sendLimit: limit, log: silent }),
      wait: letTimePass,
    };
  });

  it("keeps a user's socket slots no longer than their last lease", async () => {
    const redis = connect();
    const prefix = `abrazo-test-${randomBytes(6).toString('hex')}:rt`;
    const store = createRedisRealtimeStore({ redis, prefix, sendLimit: LIMIT, log: silent });
    const ana = randomUUID();
    await store.acquireSocket({ userId: ana, socketId: 'one' }, 20, 5_000);
    const ttl = await redis.pttl(`${prefix}:sockets:${ana}`);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('keeps a send bucket only until it would be full again', async () => {
    const redis = connect();
    const prefix = `abrazo-test-${randomBytes(6).toString('hex')}:rt`;
    const store = createRedisRealtimeStore({ redis, prefix, sendLimit: LIMIT, log: silent });
    const ana = randomUUID();
    await store.takeSend(ana);
    const ttl = await redis.pttl(`${prefix}:send:${ana}`);
    // One message spent refills in 200 ms; the key lasts that plus a second.
    expect(ttl).toBeGreaterThan(1_000);
    expect(ttl).toBeLessThanOrEqual(1_200);
  });
});
