import { describe, expect, it } from 'vitest';
import { fits, promotions, type Limits } from './admission.ts';

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
});
