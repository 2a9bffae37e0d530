import type { Redis } from 'ioredis';
import { defineScript, NOW_MS } from './redis-script.ts';
import type { RealtimeStore, SendLimit, TypingEntry } from './realtime-store.types.ts';
import { createRedisBuckets } from './token-bucket.ts';

// Typing lives twice: in one index over all conversations, scored by expiry, which the sweepers
// drain; and in a sorted set per conversation (same scores), which answers "who is typing here".
// KEYS: index, conversation set. ARGV: "<conversationId>:<userId>", userId, ttlMs. Returns the expiry.
const START_TYPING = `${NOW_MS}
local ttl = tonumber(ARGV[3])
local expiresAt = now + ttl
redis.call('ZADD', KEYS[1], expiresAt, ARGV[1])
redis.call('ZADD', KEYS[2], expiresAt, ARGV[2])
for i = 1, 2 do
  if redis.call('PTTL', KEYS[i]) < ttl + 60000 then redis.call('PEXPIRE', KEYS[i], ttl + 60000) end
end
return expiresAt
`;

// KEYS: index, conversation set. ARGV: index member, userId. Returns 1 if this call removed the mark.
const STOP_TYPING = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return removed
`;

// KEYS[1]: conversation set. Drops what has run out and returns the rest as {userId, expiry, …}.
const LIST_TYPING = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
`;

// KEYS[1]: index. ARGV[1]: at most this many. Range and removal in one step: a mark refreshed
// between a separate read and ZREM would otherwise be swept while live. The per-conversation
// sets are trimmed when read and expire by themselves.
const SWEEP_TYPING = `${NOW_MS}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due
`;

// A user's sockets: a sorted set of socket ids scored by lease expiry, over all instances.
// KEYS[1]: the set. ARGV: socketId, max, leaseMs. Returns 1 when the slot is taken (or already held).
const ACQUIRE_SOCKET = `${NOW_MS}
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return 1
`;

// KEYS: the users' sets. ARGV: leaseMs, then the socket id for each key. XX: a slot given back
// meanwhile is not taken again.
const RENEW_SOCKETS = `${NOW_MS}
local lease = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if redis.call('ZADD', key, 'XX', 'CH', now + lease, ARGV[i + 1]) == 1 then
    redis.call('PEXPIRE', key, lease)
  end
end
return 0
`;

const SWEEP_BATCH = 500;
const RENEW_BATCH = 500;

const toNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const toStrings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The store for many instances: keys under `prefix` (`<app prefix>:rt`). */
export function createRedisRealtimeStore(opts: {
  redis: Redis;
  prefix: string;
  sendLimit: SendLimit;
  log: { warn(obj: object, msg: string): void };
}): RealtimeStore {
  const { redis, prefix, sendLimit, log } = opts;
  const sends = createRedisBuckets({ redis, prefix: `${prefix}:send`, limit: sendLimit });
  const startTyping = defineScript(redis, START_TYPING);
  const stopTyping = defineScript(redis, STOP_TYPING);
  const listTyping = defineScript(redis, LIST_TYPING);
  const sweepTyping = defineScript(redis, SWEEP_TYPING);
  const acquireSocket = defineScript(redis, ACQUIRE_SOCKET);
  const renewSockets = defineScript(redis, RENEW_SOCKETS);
  const socketsKey = (userId: string) => `${prefix}:sockets:${userId}`;
  const indexKey = `${prefix}:typing`;
  const typingKey = (conversationId: string) => `${prefix}:typing:${conversationId}`;
  const entry = (conversationId: string, userId: string) => `${conversationId}:${userId}`;

  return {
    async takeSend(userId) {
      try {
        return await sends.take(userId);
      } catch (err) {
        // Like the HTTP rate limits: a Redis outage must not stop chat; the limit returns with Redis.
        log.warn({ err }, 'send limit unavailable, allowing the message');
        return { allowed: true };
      }
    },

    async startTyping(conversationId, userId, ttlMs) {
      const expiresAt = await startTyping(
        [indexKey, typingKey(conversationId)],
        [entry(conversationId, userId), userId, Math.max(1, Math.round(ttlMs))],
      );
      return new Date(toNumber(expiresAt));
    },

    async stopTyping(conversationId, userId) {
      const removed = await stopTyping(
        [indexKey, typingKey(conversationId)],
        [entry(conversationId, userId), userId],
      );
      return toNumber(removed) === 1;
    },

    async listTyping(conversationId) {
      const flat = toStrings(await listTyping([typingKey(conversationId)], []));
      const typists = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        typists.push({ userId: flat[i] ?? '', expiresAt: new Date(Number(flat[i + 1])) });
      }
      return typists;
    },

    async sweepTyping() {
      const due: TypingEntry[] = [];
      for (const member of toStrings(await sweepTyping([indexKey], [SWEEP_BATCH]))) {
        const at = member.indexOf(':');
        if (at > 0) due.push({ conversationId: member.slice(0, at), userId: member.slice(at + 1) });
      }
      return due;
    },

    async acquireSocket({ userId, socketId }, max, leaseMs) {
      const taken = await acquireSocket(
        [socketsKey(userId)],
        [socketId, max, Math.max(1, Math.round(leaseMs))],
      );
      return toNumber(taken) === 1;
    },

    async releaseSocket({ userId, socketId }) {
      await redis.zrem(socketsKey(userId), socketId);
    },

    async renewSockets(slots, leaseMs) {
      for (let i = 0; i < slots.length; i += RENEW_BATCH) {
        const batch = slots.slice(i, i + RENEW_BATCH);
        await renewSockets(
          batch.map((s) => socketsKey(s.userId)),
          [Math.max(1, Math.round(leaseMs)), ...batch.map((s) => s.socketId)],
        );
      }
    },
  };
}
