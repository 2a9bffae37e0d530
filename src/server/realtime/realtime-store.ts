import type { Redis } from 'ioredis';
import type { RealtimeStore, SendLimit, TypingEntry } from './realtime-store.types.ts';
import { createRedisRealtimeStore } from './realtime-store.redis.ts';
import { createMemoryBuckets } from './token-bucket.ts';

export interface RealtimeOptions {
  /** Messages per user, counted over all their sockets on every instance and the HTTP route. */
  sendLimit?: SendLimit;
  /** How long a typing indicator lasts unless the client repeats it. */
  typingExpiryMs?: number;
  /** How often each instance looks for typing indicators that have run out. */
  typingSweepMs?: number;
}

export const DEFAULT_SEND_LIMIT: SendLimit = { burst: 20, perSecond: 10 };

/** Redis when the app has a client (keys under `<prefix>:rt:`), else this process's memory. */
export function createRealtimeStore(opts: {
  redis?: Redis | undefined;
  prefix: string;
  sendLimit: SendLimit;
  log: { warn(obj: object, msg: string): void };
}): RealtimeStore {
  if (opts.redis) {
    return createRedisRealtimeStore({
      redis: opts.redis,
      prefix: `${opts.prefix}:rt`,
      sendLimit: opts.sendLimit,
      log: opts.log,
    });
  }
  return createMemoryRealtimeStore({ sendLimit: opts.sendLimit });
}

/** One process's state; the same semantics as the Redis store, for a single instance. */
export function createMemoryRealtimeStore(opts: { sendLimit: SendLimit; now?: () => number }): RealtimeStore {
  const now = opts.now ?? Date.now;
  const sends = createMemoryBuckets(opts.sendLimit, now);
  // conversationId → userId → expiry (ms)
  const typing = new Map<string, Map<string, number>>();
  // userId → socketId → lease expiry (ms)
  const sockets = new Map<string, Map<string, number>>();

  return {
    takeSend: (userId) => sends.take(userId),

    startTyping(conversationId, userId, ttlMs) {
      const expiresAt = now() + ttlMs;
      const users = typing.get(conversationId) ?? new Map<string, number>();
      users.set(userId, expiresAt);
      typing.set(conversationId, users);
      return Promise.resolve(new Date(expiresAt));
    },

    stopTyping(conversationId, userId) {
      const users = typing.get(conversationId);
      const removed = users?.delete(userId) ?? false;
      if (users?.size === 0) typing.delete(conversationId);
      return Promise.resolve(removed);
    },

    listTyping(conversationId) {
      const t = now();
      const users = [...(typing.get(conversationId) ?? [])];
      return Promise.resolve(
        users.filter(([, at]) => at > t).map(([userId, at]) => ({ userId, expiresAt: new Date(at) })),
      );
    },

    sweepTyping() {
      const t = now();
      const due: TypingEntry[] = [];
      for (const [conversationId, users] of typing) {
        for (const [userId, at] of users) {
          if (at > t) continue;
          users.delete(userId);
          due.push({ conversationId, userId });
        }
        if (users.size === 0) typing.delete(conversationId);
      }
      return Promise.resolve(due);
    },

    acquireSocket({ userId, socketId }, max, leaseMs) {
      const t = now();
      const held = sockets.get(userId) ?? new Map<string, number>();
      for (const [id, until] of held) if (until <= t) held.delete(id);
      if (!held.has(socketId) && held.size >= max) return Promise.resolve(false);
      held.set(socketId, t + leaseMs);
      sockets.set(userId, held);
      return Promise.resolve(true);
    },

    releaseSocket({ userId, socketId }) {
      const held = sockets.get(userId);
      held?.delete(socketId);
      if (held?.size === 0) sockets.delete(userId);
      return Promise.resolve();
    },

    renewSockets(slots, leaseMs) {
      const until = now() + leaseMs;
      for (const { userId, socketId } of slots) {
        const held = sockets.get(userId);
        if (held?.has(socketId)) held.set(socketId, until);
      }
      return Promise.resolve();
    },
  };
}
