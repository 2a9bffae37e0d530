import { and, desc, eq, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { blocks, follows, friendships, mutes, users } from '../../db/schema/index.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';
import { blockedEitherWay, follows as isFollowing } from '../../db/relation-predicates.ts';

// Every list here pages over (edge created_at, other user's id), newest first, through an index
// on (owner, created_at, other) scanned backwards.

export interface ListFilter {
  /** Whose list it is. */
  ownerId: string;
  /** Who is looking; users blocked either way with them are left out. Null: anonymous. */
  viewerId: string | null;
  cursor?: Cursor | undefined;
  limit: number;
}

export interface UserEdgeRow {
  id: string;
  username: string;
  displayName: string;
  createdAt: Date;
}

const summaryFields = { id: users.id, username: users.username, displayName: users.displayName };

export type ListedUserRow = UserEdgeRow & { viewerFollows: boolean | null };

/** The listed dancer's Follow button: one probe of follows_pkey per row; null for anonymous viewers. */
function viewerFollows(viewerId: string | null) {
  return viewerId === null
    ? sql<null>`null`
    : sql<boolean>`${isFollowing(sql`${viewerId}::uuid`, users.id)}`.mapWith(Boolean);
}

function notBlockedWith(viewerId: string | null, otherId: AnyColumn | SQL): SQL | undefined {
  if (viewerId === null) return undefined;
  return sql`not ${blockedEitherWay(sql`${viewerId}::uuid`, otherId)}`;
}

/** People who follow the owner; uses follows_followee_created_idx. */
export function listFollowersQuery(db: Executor, f: ListFilter) {
  return db
    .select({ ...summaryFields, createdAt: follows.createdAt, viewerFollows: viewerFollows(f.viewerId) })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.followerId))
    .where(
      and(
        eq(follows.followeeId, f.ownerId),
        afterCursor(follows.createdAt, follows.followerId, f.cursor),
        notBlockedWith(f.viewerId, follows.followerId),
      ),
    )
    .orderBy(desc(follows.createdAt), desc(follows.followerId))
    .limit(f.limit + 1);
}

/** People the owner follows; uses follows_follower_created_idx. */
export function listFollowingQuery(db: Executor, f: ListFilter) {
  return db
    .select({ ...summaryFields, createdAt: follows.createdAt, viewerFollows: viewerFollows(f.viewerId) })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.followeeId))
    .where(
      and(
        eq(follows.followerId, f.ownerId),
        afterCursor(follows.createdAt, follows.followeeId, f.cursor),
        notBlockedWith(f.viewerId, follows.followeeId),
      ),
    )
    .orderBy(desc(follows.createdAt), desc(follows.followeeId))
    .limit(f.limit + 1);
}

/**
 * The owner's friends. A friendship row holds the pair smaller id first, so the owner is found
 * through friendships_pkey (as user_low_id) or friendships_high_low_idx (as user_high_id); a
 * dancer has hundreds of friends at most, which are sorted for the page.
 */
export function listFriendsQuery(db: Executor, f: ListFilter) {
  const owner = sql`${f.ownerId}::uuid`;
  const friendId = sql`case when ${friendships.userLowId} = ${owner} then ${friendships.userHighId} else ${friendships.userLowId} end`;
  return db
    .select({ ...summaryFields, createdAt: friendships.createdAt, viewerFollows: viewerFollows(f.viewerId) })
    .from(friendships)
    .innerJoin(users, eq(users.id, friendId))
    .where(
      and(
        or(eq(friendships.userLowId, f.ownerId), eq(friendships.userHighId, f.ownerId)),
        afterCursor(friendships.createdAt, users.id, f.cursor),
        notBlockedWith(f.viewerId, users.id),
      ),
    )
    .orderBy(desc(friendships.createdAt), desc(users.id))
    .limit(f.limit + 1);
}

/** People the owner blocks; uses blocks_blocker_created_idx. */
export function listBlocksQuery(db: Executor, f: Omit<ListFilter, 'viewerId'>) {
  return db
    .select({ ...summaryFields, createdAt: blocks.createdAt })
    .from(blocks)
    .innerJoin(users, eq(users.id, blocks.blockedId))
    .where(and(eq(blocks.blockerId, f.ownerId), afterCursor(blocks.createdAt, blocks.blockedId, f.cursor)))
    .orderBy(desc(blocks.createdAt), desc(blocks.blockedId))
    .limit(f.limit + 1);
}

/** People the owner mutes; uses mutes_muter_created_idx. */
export function listMutesQuery(db: Executor, f: Omit<ListFilter, 'viewerId'>) {
  return db
    .select({ ...summaryFields, createdAt: mutes.createdAt })
    .from(mutes)
    .innerJoin(users, eq(users.id, mutes.mutedId))
    .where(and(eq(mutes.muterId, f.ownerId), afterCursor(mutes.createdAt, mutes.mutedId, f.cursor)))
    .orderBy(desc(mutes.createdAt), desc(mutes.mutedId))
    .limit(f.limit + 1);
}

export type RelationList = 'followers' | 'following' | 'friends';

const LIST_QUERIES = {
  followers: listFollowersQuery,
  following: listFollowingQuery,
  friends: listFriendsQuery,
} as const;

export async function listRelation(
  db: Executor,
  list: RelationList,
  f: ListFilter,
): Promise<ListedUserRow[]> {
  return LIST_QUERIES[list](db, f);
}

export async function listBlocks(db: Executor, f: Omit<ListFilter, 'viewerId'>): Promise<UserEdgeRow[]> {
  return listBlocksQuery(db, f);
}

export async function listMutes(db: Executor, f: Omit<ListFilter, 'viewerId'>): Promise<UserEdgeRow[]> {
  return listMutesQuery(db, f);
}
