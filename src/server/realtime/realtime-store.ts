import type { Redis } from 'ioredis';
import { AppError } from '../lib/errors.ts';
import { createRedisRealtimeStore } from './realtime-store.redis.ts';

// Chat state that every instance must see alike: the per-user send allowance, who is typing, and
// how many sockets each user holds.
// In process for a single instance; in Redis when the app has a client, so that all instances share it.

export interface SendLimit {
  /** Messages at once. */
  burst: number;
  /** Messages per second, sustained. */
  perSecond: number;
}

export interface RealtimeOptions {
  /** Messages per user, counted over all their sockets on every instance and the HTTP route. */
  sendLimit?: SendLimit;
  /** How long a typing indicator lasts unless the client repeats it. */
  typingExpiryMs?: number;
  /** How often each instance looks for typing indicators that have run out. */
  typingSweepMs?: number;
}

export const DEFAULT_SEND_LIMIT: SendLimit = { burst: 20, perSecond: 10 };

export type SendAllowance = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface TypingMark {
  userId: string;
  expiresAt: Date;
}

export interface TypingEntry {
  conversationId: string;
  userId: string;
}

export interface SocketSlot {
  userId: string;
  socketId: string;
}

export interface RealtimeStore {
  /** Takes one message from the user's allowance (a token bucket). */
  takeSend(userId: string): Promise<SendAllowance>;
  /** Marks the user typing in the conversation until ttlMs from now; returns that time. */
  startTyping(conversationId: string, userId: string, ttlMs: number): Promise<Date>;
  /** Clears the mark; true only for the one call that removed it (a sweep counts as one). */
  stopTyping(conversationId: string, userId: string): Promise<boolean>;
  /** Who is typing in the conversation now; marks past their expiry are left out. */
  listTyping(conversationId: string): Promise<TypingMark[]>;
  /** Removes marks past their expiry and returns them; each is returned once, over all instances. */
  sweepTyping(): Promise<TypingEntry[]>;
  /**
   * Takes one of the user's socket slots unless `max` are held (a slot held by this socket counts
   * once). A slot lasts leaseMs unless renewed, so those of an instance that died free themselves.
   */
  acquireSocket(slot: SocketSlot, max: number, leaseMs: number): Promise<boolean>;
  /** Gives the slot back; nothing happens for one not held. */
  releaseSocket(slot: SocketSlot): Promise<void>;
  /** Extends the lease of slots still held; a slot given back, or dropped once its lease ran out, stays so. */
  renewSockets(slots: SocketSlot[], leaseMs: number): Promise<void>;
}

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

/** Spends one message of the user's allowance, or throws RATE_LIMITED with Retry-After. */
export async function requireSendAllowance(
  store: Pick<RealtimeStore, 'takeSend'>,
  userId: string,
): Promise<void> {
  const allowance = await store.takeSend(userId);
  if (allowance.allowed) return;
  const seconds = Math.max(1, Math.ceil(allowance.retryAfterMs / 1000));
  throw new AppError('RATE_LIMITED', `Too many messages; try again in ${seconds} s.`, undefined, {
    'retry-after': String(seconds),
  });
}

/** One process's state; the same semantics as the Redis store, for a single instance. */
export function createMemoryRealtimeStore(opts: { sendLimit: SendLimit; now?: () => number }): RealtimeStore {
  const now = opts.now ?? Date.now;
  const { burst, perSecond } = opts.sendLimit;
  const fullAfterMs = (burst * 1000) / perSecond;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let prunedAt = now();
  // conversationId → userId → expiry (ms)
  const typing = new Map<string, Map<string, number>>();
  // userId → socketId → lease expiry (ms)
  const sockets = new Map<string, Map<string, number>>();

  // A bucket that has refilled is the same as none: drop those now and then so idle users cost nothing.
  const pruneBuckets = (t: number) => {
    if (t - prunedAt < fullAfterMs) return;
    prunedAt = t;
    for (const [userId, b] of buckets) if (t - b.at >= fullAfterMs) buckets.delete(userId);
  };

  return {
    takeSend(userId) {
      const t = now();
      pruneBuckets(t);
      const b = buckets.get(userId) ?? { tokens: burst, at: t };
      b.tokens = Math.min(burst, b.tokens + (Math.max(0, t - b.at) / 1000) * perSecond);
      b.at = t;
      buckets.set(userId, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return Promise.resolve({ allowed: true });
      }
      return Promise.resolve({
        allowed: false,
        retryAfterMs: Math.ceil(((1 - b.tokens) * 1000) / perSecond),
      });
    },

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
