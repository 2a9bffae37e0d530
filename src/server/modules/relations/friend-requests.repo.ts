import { and, desc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import {
  friendRequests,
  users,
  type FriendRequestRow,
  type FriendRequestStatus,
} from '../../db/schema/index.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';

const fromUser = alias(users, 'from_user');
const toUser = alias(users, 'to_user');

const withPeople = {
  request: friendRequests,
  from: { id: fromUser.id, username: fromUser.username, displayName: fromUser.displayName },
  to: { id: toUser.id, username: toUser.username, displayName: toUser.displayName },
};

export interface PersonRow {
  id: string;
  username: string;
  displayName: string;
}

/** A request with the people on both ends. */
export interface FriendRequestView {
  request: FriendRequestRow;
  from: PersonRow;
  to: PersonRow;
}

function selectWithPeople(db: Executor) {
  return db
    .select(withPeople)
    .from(friendRequests)
    .innerJoin(fromUser, eq(fromUser.id, friendRequests.fromUserId))
    .innerJoin(toUser, eq(toUser.id, friendRequests.toUserId));
}

export async function findFriendRequest(db: Executor, id: string): Promise<FriendRequestView | undefined> {
  const [row] = await selectWithPeople(db).where(eq(friendRequests.id, id)).limit(1);
  return row;
}

/** The open request between two people, whichever way it goes (friend_requests_pending_pair_key). */
export async function findPendingBetween(db: Executor, a: string, b: string) {
  const [row] = await db
    .select()
    .from(friendRequests)
    .where(
      and(
        sql`least(${friendRequests.fromUserId}, ${friendRequests.toUserId}) = least(${a}::uuid, ${b}::uuid)`,
        sql`greatest(${friendRequests.fromUserId}, ${friendRequests.toUserId}) = greatest(${a}::uuid, ${b}::uuid)`,
        eq(friendRequests.status, 'pending'),
      ),
    )
    .limit(1);
  return row;
}

export type NewFriendRequest = Pick<
  FriendRequestRow,
  'fromUserId' | 'toUserId' | 'danced' | 'dancedWhere' | 'dancedOn' | 'message' | 'createdAt'
>;

export async function insertFriendRequest(db: Executor, values: NewFriendRequest): Promise<FriendRequestRow> {
  const [row] = await db.insert(friendRequests).values(values).returning();
  if (!row) throw new Error('insert into friend_requests returned no row');
  return row;
}

/** Moves a pending request to its answer; undefined when it is no longer pending. */
export async function answerFriendRequest(
  db: Executor,
  id: string,
  status: Exclude<FriendRequestStatus, 'pending'>,
  at: Date,
): Promise<FriendRequestRow | undefined> {
  const [row] = await db
    .update(friendRequests)
    .set({ status, respondedAt: at })
    .where(and(eq(friendRequests.id, id), eq(friendRequests.status, 'pending')))
    .returning();
  return row;
}

/** Removes the open requests between two people (a block); returns what was removed. */
export async function deletePendingBetween(db: Executor, a: string, b: string): Promise<FriendRequestRow[]> {
  return db
    .delete(friendRequests)
    .where(
      and(
        eq(friendRequests.status, 'pending'),
        or(
          and(eq(friendRequests.fromUserId, a), eq(friendRequests.toUserId, b)),
          and(eq(friendRequests.fromUserId, b), eq(friendRequests.toUserId, a)),
        ),
      ),
    )
    .returning();
}

export type FriendRequestDirection = 'incoming' | 'outgoing';

export interface PendingFilter {
  userId: string;
  direction: FriendRequestDirection;
  cursor?: Cursor | undefined;
  limit: number;
}

/** Open requests to (incoming) or from (outgoing) a user, newest first, over (created_at, id). */
export function listPendingQuery(db: Executor, f: PendingFilter) {
  const owner = f.direction === 'incoming' ? friendRequests.toUserId : friendRequests.fromUserId;
  return selectWithPeople(db)
    .where(
      and(
        eq(owner, f.userId),
        eq(friendRequests.status, 'pending'),
        afterCursor(friendRequests.createdAt, friendRequests.id, f.cursor),
      ),
    )
    .orderBy(desc(friendRequests.createdAt), desc(friendRequests.id))
    .limit(f.limit + 1);
}

export async function listPending(db: Executor, f: PendingFilter): Promise<FriendRequestView[]> {
  return listPendingQuery(db, f);
}
