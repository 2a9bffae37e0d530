import { cityAt, friendRequestNote } from './bodies.ts';
import { seededUuidV7 } from './ids.ts';
import { Rng } from './random.ts';
import type { SocialGraph } from './social.ts';
import { COLUMNS } from './tables.ts';
import { DAY_MS, type SeedUser } from './users.ts';
import { RowBuffer, textArrayLiteral, type Writer } from './writer.ts';
import type { Progress } from './progress.ts';

const CHUNK = 5000;

/** A time between both users having joined and now, most of them soon after. */
function tieTime(rng: Rng, a: SeedUser, b: SeedUser, now: number): number {
  const from = Math.max(a.joinedAt, b.joinedAt);
  return Math.floor(from + (now - from) * rng.next() ** 2);
}

export async function writeUsers(
  writer: Writer,
  users: readonly SeedUser[],
  graph: SocialGraph,
  progress: Progress,
): Promise<void> {
  const buffer = new RowBuffer('users', COLUMNS.users);
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    if (!u) continue;
    buffer.push(
      u.id,
      u.username,
      `${u.username}@example.test`,
      u.displayName,
      u.bio,
      u.city.name,
      u.city.country,
      textArrayLiteral(u.languages),
      textArrayLiteral(u.roles),
      u.leaderLevel,
      u.followerLevel,
      u.yearsDancing,
      u.locale,
      u.emailVerified ? u.joinedAt + 10 * 60 * 1000 : null,
      graph.followers.degree(i),
      graph.following.degree(i),
      graph.friends.degree(i),
      u.joinedAt,
      u.joinedAt,
    );
    if (buffer.length >= CHUNK) {
      progress.advance(buffer.length);
      await writer.write(buffer);
    }
  }
  progress.advance(buffer.length);
  await writer.write(buffer);
}

/** Every seeded user gets the same password hash (hashed once by the caller). */
export async function writeCredentials(writer: Writer, users: readonly SeedUser[], passwordHash: string) {
  const buffer = new RowBuffer('user_credentials', COLUMNS.userCredentials);
  for (const u of users) {
    buffer.push(u.id, passwordHash, u.joinedAt);
    if (buffer.length >= CHUNK) await writer.write(buffer);
  }
  await writer.write(buffer);
}

export async function writeFollows(
  writer: Writer,
  users: readonly SeedUser[],
  graph: SocialGraph,
  seed: string,
  now: number,
  progress: Progress,
): Promise<void> {
  const rng = new Rng(seed, 'follow-times');
  const buffer = new RowBuffer('follows', COLUMNS.follows);
  for (let i = 0; i < users.length; i++) {
    const a = users[i];
    if (!a) continue;
    for (const j of graph.following.neighbours(i)) {
      const b = users[j];
      if (b) buffer.push(a.id, b.id, tieTime(rng, a, b, now));
    }
    if (buffer.length >= CHUNK) {
      progress.advance(buffer.length);
      await writer.write(buffer);
    }
  }
  progress.advance(buffer.length);
  await writer.write(buffer);
}

export async function writeFriendships(
  writer: Writer,
  users: readonly SeedUser[],
  graph: SocialGraph,
  seed: string,
  now: number,
): Promise<void> {
  const rng = new Rng(seed, 'friendship-times');
  const buffer = new RowBuffer('friendships', COLUMNS.friendships);
  for (const [x, y] of graph.friendPairs) {
    const a = users[x];
    const b = users[y];
    if (!a || !b) continue;
    // The row's order is by id (what the check constraint compares), not by index.
    const [low, high] = a.id < b.id ? [a, b] : [b, a];
    buffer.push(low.id, high.id, tieTime(rng, a, b, now));
  }
  await writer.write(buffer);
}

/** Pending requests, most after a dance ("we danced at Salón Canning"), plus blocks and mutes. */
export async function writeRequestsBlocksMutes(
  writer: Writer,
  users: readonly SeedUser[],
  graph: SocialGraph,
  seed: string,
  now: number,
): Promise<void> {
  const rng = new Rng(seed, 'friend-requests');
  const idRng = new Rng(seed, 'friend-request-ids');
  const n = users.length;
  const requests = new RowBuffer('friend_requests', COLUMNS.friendRequests);
  const pairs = new Set<number>();
  users.forEach((from, a) => {
    if (!rng.chance(0.08)) return;
    const count = rng.chance(0.7) ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const degree = graph.following.degree(a);
      const b = degree > 0 && rng.chance(0.6) ? graph.following.at(a, rng.int(degree)) : rng.int(n);
      const to = users[b];
      const key = Math.min(a, b) * n + Math.max(a, b);
      if (!to || a === b || graph.friends.has(a, b) || graph.blockedKeys.has(a * n + b) || pairs.has(key))
        continue;
      pairs.add(key);
      const createdAt = Math.max(from.joinedAt, to.joinedAt, Math.floor(now - rng.exponential(12 * DAY_MS)));
      const danced = rng.chance(0.75);
      const where = friendRequestNote(
        rng,
        from.writesSpanish,
        rng.chance(0.8) ? from.city : cityAt(to.cityIndex),
      );
      const dancedOn = new Date(createdAt - rng.int(14) * DAY_MS).toISOString().slice(0, 10);
      requests.push(
        seededUuidV7(createdAt, idRng),
        from.id,
        to.id,
        danced,
        danced ? where.where : null,
        danced ? dancedOn : null,
        danced
          ? where.note
          : rng.chance(0.5)
            ? null
            : from.writesSpanish
              ? '¡Hola! Nos vemos en la pista.'
              : 'Hi! See you on the dance floor.',
        'pending',
        createdAt,
      );
    }
  });
  await writer.write(requests);

  const tieRng = new Rng(seed, 'block-mute-times');
  const blocks = new RowBuffer('blocks', COLUMNS.blocks);
  for (const [a, b] of graph.blocks) {
    const x = users[a];
    const y = users[b];
    if (x && y) blocks.push(x.id, y.id, tieTime(tieRng, x, y, now));
  }
  await writer.write(blocks);
  const mutes = new RowBuffer('mutes', COLUMNS.mutes);
  for (const [a, b] of graph.mutes) {
    const x = users[a];
    const y = users[b];
    if (x && y) mutes.push(x.id, y.id, tieTime(tieRng, x, y, now));
  }
  await writer.write(mutes);
}
