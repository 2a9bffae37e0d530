import type { DanceRole } from '../../../contract/rules.ts';

// Who may come in: an event's limits against the dancers already going. Pure, so the rules are
// tested apart from the transaction that applies them under the date's lock.

export interface Limits {
  capacity: number | null;
  leaderCap: number | null;
  followerCap: number | null;
  balanceWithin: number | null;
}

export interface GoingCounts {
  leaders: number;
  followers: number;
  total: number;
}

/** A single dancer (one role, or none) or a couple (a leader and a follower, admitted together). */
export interface Entry {
  roles: (DanceRole | null)[];
}

/** Whether the event counts roles, so that a dancer going must say theirs. */
export function countsRoles(limits: Limits): boolean {
  return limits.leaderCap !== null || limits.followerCap !== null || limits.balanceWithin !== null;
}

/**
 * Whether an entry fits: the capacity, each role's cap, and the balance (going leaders and followers
 * differ by at most balanceWithin; an entry that narrows the gap always keeps it). A couple adds one
 * of each role, so it never moves the balance.
 */
export function fits(limits: Limits, going: GoingCounts, entry: Entry): boolean {
  const leaders = entry.roles.filter((r) => r === 'leader').length;
  const followers = entry.roles.filter((r) => r === 'follower').length;
  if (limits.capacity !== null && going.total + entry.roles.length > limits.capacity) return false;
  if (limits.leaderCap !== null && going.leaders + leaders > limits.leaderCap) return false;
  if (limits.followerCap !== null && going.followers + followers > limits.followerCap) return false;
  if (limits.balanceWithin !== null && leaders !== followers) {
    const before = Math.abs(going.leaders - going.followers);
    const after = Math.abs(going.leaders + leaders - (going.followers + followers));
    if (after > limits.balanceWithin && after >= before) return false;
  }
  return true;
}

export function add(going: GoingCounts, entry: Entry): GoingCounts {
  return {
    leaders: going.leaders + entry.roles.filter((r) => r === 'leader').length,
    followers: going.followers + entry.roles.filter((r) => r === 'follower').length,
    total: going.total + entry.roles.length,
  };
}

/**
 * Whether a new entry at the end of a settled waitlist (one promotions has emptied of all who fit)
 * may let anyone in: only if it fits alone or, a single dancer, together with one of the other role.
 * Otherwise the going counts stay as they are, so still no one waiting fits.
 */
export function mayAdmit(limits: Limits, going: GoingCounts, entry: Entry): boolean {
  if (fits(limits, going, entry)) return true;
  const single = entry.roles.length === 1 && entry.roles[0] !== null;
  return single && fits(limits, going, { roles: ['leader', 'follower'] });
}

/**
 * Who leaves the waitlist when places free: the first entry in arrival order that fits is promoted,
 * and the scan starts again (a promoted follower may let a waiting leader in), until none fits.
 * When no one fits alone because of the balance (always so for the first dancers under
 * balanceWithin 0), the first single leader and the first single follower waiting come in together.
 */
export function promotions<T extends Entry>(limits: Limits, going: GoingCounts, waitlist: T[]): T[] {
  const promoted: T[] = [];
  const waiting = [...waitlist];
  let counts = going;
  const take = (entry: T) => {
    waiting.splice(waiting.indexOf(entry), 1);
    promoted.push(entry);
    counts = add(counts, entry);
  };
  for (;;) {
    const alone = waiting.find((entry) => fits(limits, counts, entry));
    if (alone) {
      take(alone);
      continue;
    }
    const leader = waiting.find((entry) => entry.roles.length === 1 && entry.roles[0] === 'leader');
    const follower = waiting.find((entry) => entry.roles.length === 1 && entry.roles[0] === 'follower');
    if (!leader || !follower || !fits(limits, counts, { roles: ['leader', 'follower'] })) return promoted;
    for (const entry of leader === waiting[0] ? [leader, follower] : [follower, leader]) take(entry);
  }
}
