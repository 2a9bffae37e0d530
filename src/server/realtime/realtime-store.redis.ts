import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RealtimeStore, SendLimit, TypingEntry } from './realtime-store.ts';

// Every read-modify-write is one Lua script, so instances never race each other, and every
// script reads the time from Redis, so their clocks need not agree.

const NOW_MS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// KEYS[1]: the user's bucket, a hash {tokens, at}. ARGV: burst, perSecond. Returns {allowed, retryAfterMs}.
// The key expires once the bucket would be full again, so idle users leave nothing behind.
const TAKE_SEND = `${NOW_MS}
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return {allowed, wait}
`;

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

type Arg = string | number;

/** EVALSHA, loading the script with EVAL the first time a server has not seen it. */
function defineScript(redis: Redis, lua: string) {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (keys: string[], args: Arg[]): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}

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
  const takeSend = defineScript(redis, TAKE_SEND);
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
        const [allowed, wait] = toStrings(
          await takeSend([`${prefix}:send:${userId}`], [sendLimit.burst, sendLimit.perSecond]),
        ).map(Number);
        return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: wait ?? 1000 };
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
