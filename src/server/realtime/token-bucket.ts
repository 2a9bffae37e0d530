import type { Redis } from 'ioredis';
import { defineScript, NOW_MS } from './redis-script.ts';

// The one token bucket behind every allowance: a socket's events (a bucket held by the socket), a
// user's messages (buckets by user, in this process or in Redis for all instances alike).

export interface BucketLimit {
  /** Tokens at once: what a full bucket holds. */
  burst: number;
  /** Tokens added per second, up to the burst. */
  perSecond: number;
}

export interface Bucket {
  tokens: number;
  /** When the bucket was last refilled, in ms of the clock its caller uses. */
  at: number;
}

export type Taken = { allowed: true } | { allowed: false; retryAfterMs: number };

export const fullBucket = (limit: BucketLimit, now: number): Bucket => ({ tokens: limit.burst, at: now });

/**
 * Refills the bucket for the time since `at` and takes one token. Returns 0 when it took one,
 * else the ms until there is one. Allocates nothing: it runs on every socket event.
 */
export function takeToken(bucket: Bucket, limit: BucketLimit, now: number): number {
  const tokens = Math.min(
    limit.burst,
    bucket.tokens + (Math.max(0, now - bucket.at) * limit.perSecond) / 1000,
  );
  bucket.at = now;
  if (tokens >= 1) {
    bucket.tokens = tokens - 1;
    return 0;
  }
  bucket.tokens = tokens;
  return Math.ceil(((1 - tokens) * 1000) / limit.perSecond);
}

/** Buckets by key, each starting full. */
export interface KeyedBuckets {
  take(key: string): Promise<Taken>;
}

const taken = (waitMs: number): Taken =>
  waitMs === 0 ? { allowed: true } : { allowed: false, retryAfterMs: waitMs };

/** In this process's memory, for a single instance. */
export function createMemoryBuckets(limit: BucketLimit, now: () => number = Date.now): KeyedBuckets {
  const fullAfterMs = (limit.burst * 1000) / limit.perSecond;
  const buckets = new Map<string, Bucket>();
  let prunedAt = now();
  return {
    take(key) {
      const t = now();
      // A bucket that has refilled is the same as none: drop those now and then so idle keys cost nothing.
      if (t - prunedAt >= fullAfterMs) {
        prunedAt = t;
        for (const [k, b] of buckets) if (t - b.at >= fullAfterMs) buckets.delete(k);
      }
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = fullBucket(limit, t)));
      return Promise.resolve(taken(takeToken(bucket, limit, t)));
    },
  };
}

// takeToken in Lua, on a hash {tokens, at} with Redis's clock. KEYS[1]: the bucket. ARGV: burst,
// perSecond. Returns the ms to wait, 0 when a token was taken. The key expires once the bucket
// would be full again, so idle keys leave nothing behind.
const TAKE_TOKEN = `${NOW_MS}
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return wait
`;

/** In Redis, one hash per key under `prefix:`, taken atomically: every instance spends the same bucket. */
export function createRedisBuckets(opts: { redis: Redis; prefix: string; limit: BucketLimit }): KeyedBuckets {
  const take = defineScript(opts.redis, TAKE_TOKEN);
  const { burst, perSecond } = opts.limit;
  return {
    async take(key) {
      return taken(Number(await take([`${opts.prefix}:${key}`], [burst, perSecond])));
    },
  };
}
