import { describe, expect, it } from 'vitest';
import { add, fits, mayAdmit, promotions, type Limits } from './admission.ts';

const none: Limits = { capacity: null, leaderCap: null, followerCap: null, balanceWithin: null };
const going = (leaders: number, followers: number, others = 0) => ({
  leaders,
  followers,
  total: leaders + followers + others,
});
const leader = { roles: ['leader' as const] };
const follower = { roles: ['follower' as const] };
const couple = { roles: ['leader' as const, 'follower' as const] };

describe('admission', () => {
  it('lets anyone in without limits', () => {
    expect(fits(none, going(100, 3), leader)).toBe(true);
  });

  it('holds the capacity, counting a couple as two', () => {
    const limits = { ...none, capacity: 10 };
    expect(fits(limits, going(5, 4), leader)).toBe(true);
    expect(fits(limits, going(5, 4), couple)).toBe(false);
    expect(fits(limits, going(5, 5), follower)).toBe(false);
  });

  it('holds each role’s cap', () => {
    const limits = { ...none, leaderCap: 3, followerCap: 4 };
    expect(fits(limits, going(3, 0), leader)).toBe(false);
    expect(fits(limits, going(3, 0), follower)).toBe(true);
    expect(fits(limits, going(2, 4), couple)).toBe(false);
  });

  it('holds the balance, but a couple never breaks it and narrowing the gap always fits', () => {
    const limits = { ...none, balanceWithin: 1 };
    expect(fits(limits, going(0, 0), leader)).toBe(true);
    expect(fits(limits, going(1, 0), leader)).toBe(false);
    expect(fits(limits, going(1, 0), couple)).toBe(true);
    expect(fits(limits, going(5, 0), follower)).toBe(true);
  });

  it('promotes the first who fits, in arrival order, and scans again after each', () => {
    const limits = { ...none, balanceWithin: 0 };
    const waitlist = [
      { id: 'l1', ...leader },
      { id: 'l2', ...leader },
      { id: 'f1', ...follower },
    ];
    // Balanced at 2–2 with a gap of 0: no one fits alone, so the first leader and follower go together.
    expect(promotions(limits, going(2, 2), waitlist).map((e) => e.id)).toEqual(['l1', 'f1']);
    // A leader left (1–2): the first leader fits alone, then the next leader with the follower.
    expect(promotions(limits, going(1, 2), waitlist).map((e) => e.id)).toEqual(['l1', 'l2', 'f1']);
  });

  it('lets the first leader and follower in together when neither fits alone, within the other limits', () => {
    const waitlist = [
      { id: 'f1', ...follower },
      { id: 'c1', ...couple },
      { id: 'l1', ...leader },
      { id: 'l2', ...leader },
      { id: 'f2', ...follower },
    ];
    const tight = { ...none, balanceWithin: 0 };
    expect(promotions(tight, going(0, 0), waitlist).map((e) => e.id)).toEqual(['c1', 'f1', 'l1', 'l2', 'f2']);
    expect(promotions({ ...tight, capacity: 4 }, going(0, 0), waitlist).map((e) => e.id)).toEqual([
      'c1',
      'f1',
      'l1',
    ]);
    expect(promotions({ ...tight, capacity: 1 }, going(0, 0), waitlist)).toEqual([]);
    // Under a leaders' cap the pair waits as well.
    expect(promotions({ ...tight, leaderCap: 0 }, going(0, 0), waitlist)).toEqual([]);
  });

  it('fills freed places to the capacity and no further', () => {
    const limits = { ...none, capacity: 4 };
    const waitlist = [
      { id: 'a', ...leader },
      { id: 'c', ...couple },
      { id: 'b', ...follower },
    ];
    expect(promotions(limits, going(1, 1), waitlist).map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('skips the waitlist only when a newcomer could let no one in (checked against promotions)', () => {
    // A small deterministic generator, so a failure names its case.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const maybe = (n: number) => (next(3) === 0 ? null : next(n));
    const kinds = [leader, follower, couple, { roles: [null] }];
    let skipped = 0;
    for (let i = 0; i < 5_000; i++) {
      const limits = {
        capacity: maybe(12),
        leaderCap: maybe(7),
        followerCap: maybe(7),
        balanceWithin: maybe(3),
      };
      // A settled date: whoever fits has been promoted from a random waitlist.
      const waitlist = Array.from({ length: next(8) }, () => kinds[next(4)] ?? leader);
      let counts = going(0, 0);
      for (const entry of promotions(limits, counts, waitlist)) {
        counts = add(counts, entry);
        waitlist.splice(waitlist.indexOf(entry), 1);
      }
      const newcomer = kinds[next(4)] ?? leader;
      if (mayAdmit(limits, counts, newcomer)) continue;
      skipped++;
      expect(promotions(limits, counts, [...waitlist, newcomer]), JSON.stringify({ limits, counts })).toEqual(
        [],
      );
    }
    expect(skipped).toBeGreaterThan(500);
  });
});
