import { describe, expect, it } from 'vitest';
import { createMemoryBuckets, fullBucket, takeToken } from './token-bucket.ts';

// The arithmetic every allowance shares; the stores' own behaviour (and the Redis script's, which
// mirrors it) is in realtime-store.test.ts, the per-socket event limit in gateway.test.ts.

const LIMIT = { burst: 3, perSecond: 2 };

describe('takeToken', () => {
  it('gives the burst at once, then says how long until the next token', () => {
    const bucket = fullBucket(LIMIT, 0);
    expect([0, 0, 0].map(() => takeToken(bucket, LIMIT, 0))).toEqual([0, 0, 0]);
    expect(takeToken(bucket, LIMIT, 0)).toBe(500);
    expect(takeToken(bucket, LIMIT, 200)).toBe(300);
  });

  it('refills at the rate, never past the burst, and spends nothing on a refusal', () => {
    const bucket = fullBucket(LIMIT, 0);
    for (let i = 0; i < 3; i++) takeToken(bucket, LIMIT, 0);
    // Refused at 400 ms: the 0.8 token gathered so far stays.
    expect(takeToken(bucket, LIMIT, 400)).toBe(100);
    expect(takeToken(bucket, LIMIT, 500)).toBe(0);
    const later = 500 + 60_000;
    expect([0, 0, 0, 0].map(() => takeToken(bucket, LIMIT, later))).toEqual([0, 0, 0, 500]);
  });

  it('adds nothing when the clock goes back', () => {
    const bucket = fullBucket(LIMIT, 10_000);
    for (let i = 0; i < 3; i++) takeToken(bucket, LIMIT, 10_000);
    expect(takeToken(bucket, LIMIT, 5_000)).toBe(500);
    expect(takeToken(bucket, LIMIT, 5_500)).toBe(0);
  });
});

describe('createMemoryBuckets', () => {
  it('keeps one bucket per key, each starting full', async () => {
    const now = 0;
    const buckets = createMemoryBuckets(LIMIT, () => now);
    for (let i = 0; i < 3; i++) await buckets.take('ana');
    expect(await buckets.take('ana')).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(await buckets.take('bruno')).toEqual({ allowed: true });
  });
});
