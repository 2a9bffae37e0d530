import { Csr, symmetricCsr } from './graph.ts';
import { Rng, WeightedPicker } from './random.ts';
import type { SeedUser } from './users.ts';

/** Share of members who follow about 200 people (the bench signs in as some of them). */
const BUTTERFLY_SHARE = 0.03;
/** Share of follows picked among people of one's own city. */
const LOCAL_SHARE = 0.6;

export interface SocialGraph {
  /** following.neighbours(a): whom a follows. */
  following: Csr;
  /** followers.neighbours(a): who follows a. */
  followers: Csr;
  friends: Csr;
  /** Friendships as [lower index, higher index]. */
  friendPairs: [number, number][];
  blocks: [number, number][];
  mutes: [number, number][];
  /** blocks in both directions, keyed a * n + b. */
  blockedKeys: Set<number>;
}

function outDegree(rng: Rng, user: SeedUser, n: number): number {
  let d: number;
  if (rng.chance(BUTTERFLY_SHARE)) d = rng.between(185, 225);
  else if (user.isPro) d = Math.round(rng.logNormal(110, 0.5));
  else if (rng.chance(0.05)) d = rng.between(0, 2);
  else d = Math.round(rng.logNormal(24, 0.85));
  // In a community of a few hundred, people follow fewer people (else everyone follows everyone).
  const scale = Math.min(1, Math.sqrt(n / 2000));
  return Math.max(0, Math.min(Math.round(d * scale), 400, n - 1));
}

function pickFollows(users: readonly SeedUser[], rng: Rng): Set<number>[] {
  const n = users.length;
  const weights = users.map((u) => u.popularity);
  const global = new WeightedPicker(weights);
  const members = new Map<number, number[]>();
  users.forEach((u, i) => {
    const list = members.get(u.cityIndex);
    if (list) list.push(i);
    else members.set(u.cityIndex, [i]);
  });
  const local = new Map<number, { members: number[]; picker: WeightedPicker }>();
  for (const [city, list] of members) {
    local.set(city, { members: list, picker: new WeightedPicker(list.map((i) => weights[i] ?? 1)) });
  }
  return users.map((user, i) => {
    const want = outDegree(rng, user, n);
    const chosen = new Set<number>();
    const town = local.get(user.cityIndex);
    // In a small city the few popular locals are soon all taken: stop drawing locally then.
    let localMisses = 0;
    for (let attempts = want * 20; chosen.size < want && attempts > 0; attempts--) {
      const isLocal = town !== undefined && localMisses < want && rng.chance(LOCAL_SHARE);
      const j = isLocal ? (town.members[town.picker.pick(rng)] ?? i) : global.pick(rng);
      if (j === i || chosen.has(j)) {
        if (isLocal) localMisses++;
        continue;
      }
      chosen.add(j);
    }
    return chosen;
  });
}

/** Some of the people followed follow back: more in the same city, rarely the teachers. */
function addFollowBacks(users: readonly SeedUser[], out: Set<number>[], rng: Rng): void {
  const original = out.map((s) => [...s].sort((a, b) => a - b));
  original.forEach((followees, a) => {
    const follower = users[a];
    if (!follower) return;
    for (const b of followees) {
      const followee = users[b];
      const back = out[b];
      if (!followee || !back || back.has(a)) continue;
      const base = followee.isPro ? 0.03 : followee.cityIndex === follower.cityIndex ? 0.45 : 0.2;
      if (rng.chance(base / (1 + back.size / 150))) back.add(a);
    }
  });
}

function pickFriendships(users: readonly SeedUser[], out: Set<number>[], rng: Rng): [number, number][] {
  const pairs: [number, number][] = [];
  out.forEach((followees, a) => {
    for (const b of [...followees].sort((x, y) => x - y)) {
      // A mutual pair is considered once, from its lower index; a one-way follow can become a
      // friendship too (rarely).
      const mutual = out[b]?.has(a) ?? false;
      if (mutual && b < a) continue;
      const ua = users[a];
      const ub = users[b];
      if (!ua || !ub) continue;
      let p = mutual ? (ua.cityIndex === ub.cityIndex ? 0.5 : 0.2) : 0.015;
      if (ua.isPro || ub.isPro) p *= 0.3;
      if (rng.chance(p)) pairs.push(a < b ? [a, b] : [b, a]);
    }
  });
  return pairs;
}

/** The follow graph, friendships, and a few blocks and mutes, all from the seeded stream. */
export function generateSocialGraph(users: readonly SeedUser[], seed: string): SocialGraph {
  const n = users.length;
  const rng = new Rng(seed, 'social');
  const out = pickFollows(users, rng);
  addFollowBacks(users, out, rng);
  const friendPairs = pickFriendships(users, out, rng);
  const following = Csr.from(out.map((s) => [...s]));
  const followers = following.transpose();
  const friends = symmetricCsr(n, friendPairs);

  // Blocks between people with no tie; mutes of someone one follows (that is what mute is for).
  const blocks: [number, number][] = [];
  const blockedKeys = new Set<number>();
  for (let tries = 0; n > 2 && blocks.length < Math.round(n * 0.004) && tries < n; tries++) {
    const a = rng.int(n);
    const b = rng.int(n);
    if (a === b || following.has(a, b) || following.has(b, a) || friends.has(a, b)) continue;
    if (blockedKeys.has(a * n + b)) continue;
    blocks.push([a, b]);
    blockedKeys.add(a * n + b).add(b * n + a);
  }
  const mutes: [number, number][] = [];
  const muted = new Set<number>();
  for (let tries = 0; n > 2 && mutes.length < Math.round(n * 0.01) && tries < n * 4; tries++) {
    const a = rng.int(n);
    const degree = following.degree(a);
    if (degree === 0) continue;
    const b = following.at(a, rng.int(degree));
    if (muted.has(a * n + b)) continue;
    mutes.push([a, b]);
    muted.add(a * n + b);
  }
  return { following, followers, friends, friendPairs, blocks, mutes, blockedKeys };
}
