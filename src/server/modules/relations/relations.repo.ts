import { and, eq, inArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { preparedQuery, type Executor } from '../../db/client.ts';
import { blocks, follows, friendships, mutes, users } from '../../db/schema/index.ts';
import { areFriends, follows as isFollowing, mutedBy } from '../../db/relation-predicates.ts';

const uuid = (id: string | Placeholder) => sql`${id}::uuid`;

/** A friendship row names the pair smaller id first. */
export function friendshipKey(a: string, b: string): { userLowId: string; userHighId: string } {
  return a < b ? { userLowId: a, userHighId: b } : { userLowId: b, userHighId: a };
}

/**
 * Locks the users' rows in id order and returns the ids that still exist. Every relation write
 * takes this lock first, so two writes on the same pair never deadlock and a follow can never slip
 * past a block committed meanwhile.
 */
export async function lockUsers(db: Executor, ids: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.id, ids))
    .orderBy(users.id)
    .for('no key update');
  return new Set(rows.map((r) => r.id));
}

export interface CountDelta {
  followers?: number;
  following?: number;
  friends?: number;
}

/** Moves a user's relation counters; called only for edges actually inserted or deleted. */
export async function addCounts(db: Executor, userId: string, d: CountDelta): Promise<void> {
  const set: Partial<Record<'followerCount' | 'followingCount' | 'friendCount', SQL>> = {};
  if (d.followers) set.followerCount = sql`${users.followerCount} + ${d.followers}::int`;
  if (d.following) set.followingCount = sql`${users.followingCount} + ${d.following}::int`;
  if (d.friends) set.friendCount = sql`${users.friendCount} + ${d.friends}::int`;
  if (Object.keys(set).length === 0) return;
  await db.update(users).set(set).where(eq(users.id, userId));
}

export interface BlockState {
  /** The first user blocks the second. */
  blocking: boolean;
  /** The second user blocks the first. */
  blockedBy: boolean;
}

export async function findBlockState(db: Executor, me: string, other: string): Promise<BlockState> {
  const rows = await db
    .select({ blockerId: blocks.blockerId })
    .from(blocks)
    .where(
      or(
        and(eq(blocks.blockerId, me), eq(blocks.blockedId, other)),
        and(eq(blocks.blockerId, other), eq(blocks.blockedId, me)),
      ),
    );
  return {
    blocking: rows.some((r) => r.blockerId === me),
    blockedBy: rows.some((r) => r.blockerId === other),
  };
}

const relationFlags = preparedQuery('relation_flags', (db) =>
  relationFlagsQuery(db, sql.placeholder('me'), sql.placeholder('other')),
);

/** Every flag of how `me` relates to `other`, in one round trip; undefined when `other` is gone. */
export async function findRelationFlags(db: Executor, me: string, other: string) {
  const [row] = await relationFlags(db).execute({ me, other });
  return row;
}

export function relationFlagsQuery(db: Executor, me: string | Placeholder, other: string | Placeholder) {
  const [m, o] = [uuid(me), uuid(other)];
  return db
    .select({
      following: sql<boolean>`${isFollowing(m, o)}`,
      followedBy: sql<boolean>`${isFollowing(o, m)}`,
      friends: sql<boolean>`${areFriends(m, o)}`,
      muted: sql<boolean>`${mutedBy(m, o)}`,
      blocking: sql<boolean>`exists (select 1 from blocks b where b.blocker_id = ${m} and b.blocked_id = ${o})`,
      blockedBy: sql<boolean>`exists (select 1 from blocks b where b.blocker_id = ${o} and b.blocked_id = ${m})`,
      // Through friend_requests_pending_pair_key.
      friendRequestFrom: sql<string | null>`(select fr.from_user_id from friend_requests fr
        where least(fr.from_user_id, fr.to_user_id) = least(${m}, ${o})
          and greatest(fr.from_user_id, fr.to_user_id) = greatest(${m}, ${o})
          and fr.status = 'pending')`,
    })
    .from(users)
    .where(eq(users.id, other));
}

export async function insertFollow(db: Executor, followerId: string, followeeId: string, at: Date) {
  const rows = await db
    .insert(follows)
    .values({ followerId, followeeId, createdAt: at })
    .onConflictDoNothing()
    .returning({ followerId: follows.followerId });
  return rows.length > 0;
}

export async function deleteFollow(db: Executor, followerId: string, followeeId: string) {
  const rows = await db
    .delete(follows)
    .where(and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId)))
    .returning({ followerId: follows.followerId });
  return rows.length > 0;
}

export async function insertFriendship(db: Executor, a: string, b: string, at: Date) {
  const rows = await db
    .insert(friendships)
    .values({ ...friendshipKey(a, b), createdAt: at })
    .onConflictDoNothing()
    .returning({ userLowId: friendships.userLowId });
  return rows.length > 0;
}

export async function deleteFriendship(db: Executor, a: string, b: string) {
  const key = friendshipKey(a, b);
  const rows = await db
    .delete(friendships)
    .where(and(eq(friendships.userLowId, key.userLowId), eq(friendships.userHighId, key.userHighId)))
    .returning({ userLowId: friendships.userLowId });
  return rows.length > 0;
}

export async function isFriendship(db: Executor, a: string, b: string) {
  const key = friendshipKey(a, b);
  const rows = await db
    .select({ userLowId: friendships.userLowId })
    .from(friendships)
    .where(and(eq(friendships.userLowId, key.userLowId), eq(friendships.userHighId, key.userHighId)));
  return rows.length > 0;
}

export async function insertBlock(db: Executor, blockerId: string, blockedId: string, at: Date) {
  const rows = await db
    .insert(blocks)
    .values({ blockerId, blockedId, createdAt: at })
    .onConflictDoNothing()
    .returning({ blockerId: blocks.blockerId });
  return rows.length > 0;
}

export async function deleteBlock(db: Executor, blockerId: string, blockedId: string) {
  await db.delete(blocks).where(and(eq(blocks.blockerId, blockerId), eq(blocks.blockedId, blockedId)));
}

export async function insertMute(db: Executor, muterId: string, mutedId: string, at: Date) {
  await db.insert(mutes).values({ muterId, mutedId, createdAt: at }).onConflictDoNothing();
}

export async function deleteMute(db: Executor, muterId: string, mutedId: string) {
  await db.delete(mutes).where(and(eq(mutes.muterId, muterId), eq(mutes.mutedId, mutedId)));
}
