import { and, count, desc, eq, inArray, isNull, not, sql, type Placeholder } from 'drizzle-orm';
import { preparedQuery, type Executor } from '../../db/client.ts';
import { notifications, users, type NotificationType, type ReactionType } from '../../db/schema/index.ts';
import { newId } from '../../lib/ids.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';
import { blockedEitherWay } from '../../db/relation-predicates.ts';

export interface NotificationInput {
  /** The recipient. */
  userId: string;
  actorId: string;
  type: NotificationType;
  memoryId?: string | undefined;
  commentId?: string | undefined;
  friendRequestId?: string | undefined;
  groupId?: string | undefined;
  eventId?: string | undefined;
  /** The date of a series the notification is about. */
  eventDate?: string | undefined;
  reaction?: ReactionType | undefined;
  /** Unread notifications with the same key fold into one. */
  groupKey?: string | undefined;
}

/**
 * Inserts a notification, or folds it into the recipient's unread one with the same group key:
 * the actor moves to the front, the count grows only for a new actor, and the row takes a new
 * id and time so it comes back to the top of the list.
 */
export async function upsertNotification(
  db: Executor,
  input: NotificationInput,
  at: Date,
): Promise<{ id: string }> {
  const n = notifications;
  const [row] = await db
    .insert(n)
    .values({
      id: newId(),
      userId: input.userId,
      type: input.type,
      actorId: input.actorId,
      actorIds: [input.actorId],
      actorCount: 1,
      memoryId: input.memoryId,
      commentId: input.commentId,
      friendRequestId: input.friendRequestId,
      groupId: input.groupId,
      eventId: input.eventId,
      eventDate: input.eventDate,
      reaction: input.reaction,
      groupKey: input.groupKey,
      createdAt: at,
    })
    .onConflictDoUpdate({
      target: [n.userId, n.groupKey],
      targetWhere: sql`${n.readAt} is null and ${n.groupKey} is not null`,
      set: {
        id: sql`excluded.id`,
        createdAt: sql`excluded.created_at`,
        actorId: sql`excluded.actor_id`,
        reaction: sql`excluded.reaction`,
        actorIds: sql`array_prepend(excluded.actor_id, array_remove(${n.actorIds}, excluded.actor_id))`,
        actorCount: sql`${n.actorCount} + case when excluded.actor_id = any(${n.actorIds}) then 0 else 1 end`,
      },
    })
    .returning({ id: n.id });
  if (!row) throw new Error('notification upsert returned no row');
  return row;
}

// A list shows three faces; a few more are read so that blocked ones can be skipped.
export const ACTOR_WINDOW = 10;

export interface ListNotificationsFilter {
  userId: string;
  unreadOnly: boolean;
  cursor?: Cursor | undefined;
  limit: number;
  /** Just this notification (for pushing it). */
  onlyId?: string | undefined;
}

/** Hides what a user blocked in either direction with the recipient did last. */
function notBlockedActor(userId: string | Placeholder) {
  return not(blockedEitherWay(sql`${userId}::uuid`, notifications.actorId));
}

/** Newest first, limit+1 rows; walks notifications_user_created_idx backwards. */
export function listNotificationsQuery(db: Executor, f: ListNotificationsFilter) {
  const n = notifications;
  return db
    .select({
      id: n.id,
      type: n.type,
      actorIds: sql<string[]>`${n.actorIds}[1:${sql.raw(String(ACTOR_WINDOW))}]`.mapWith(n.actorIds),
      actorCount: n.actorCount,
      memoryId: n.memoryId,
      commentId: n.commentId,
      friendRequestId: n.friendRequestId,
      groupId: n.groupId,
      // Scalar subqueries, read only for the rows of the page (a join would sort the whole list).
      groupName: sql<string | null>`(select g.name from groups g where g.id = ${n.groupId})`,
      eventId: n.eventId,
      eventTitle: sql<string | null>`(select e.title from events e where e.id = ${n.eventId})`,
      eventDate: n.eventDate,
      reaction: n.reaction,
      readAt: n.readAt,
      createdAt: n.createdAt,
    })
    .from(n)
    .where(
      and(
        eq(n.userId, f.userId),
        f.unreadOnly ? isNull(n.readAt) : undefined,
        f.onlyId === undefined ? undefined : eq(n.id, f.onlyId),
        afterCursor(n.createdAt, n.id, f.cursor),
        notBlockedActor(f.userId),
      ),
    )
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(f.limit + 1);
}

export type NotificationListRow = Awaited<ReturnType<typeof listNotificationsQuery>>[number];

/** The actors a viewer may see among these ids (unknown and blocked ones are left out). */
export async function findVisibleActors(
  db: Executor,
  viewerId: string,
  ids: string[],
): Promise<{ id: string; username: string; displayName: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.id, ids), not(blockedEitherWay(sql`${viewerId}::uuid`, users.id))));
}

/** Counts what the list shows as unread; reads notifications_user_unread_idx. */
export function countUnreadQuery(db: Executor, userId: string | Placeholder) {
  const n = notifications;
  return db
    .select({ count: count() })
    .from(n)
    .where(and(eq(n.userId, userId), isNull(n.readAt), notBlockedActor(userId)));
}

const unreadCount = preparedQuery('notifications_unread_count', (db) =>
  countUnreadQuery(db, sql.placeholder('userId')),
);

export async function countUnread(db: Executor, userId: string): Promise<number> {
  const [row] = await unreadCount(db).execute({ userId });
  return row?.count ?? 0;
}

/** Marks one unread notification of the user read; undefined when there was none to mark. */
export async function markNotificationRead(
  db: Executor,
  userId: string,
  id: string,
  at: Date,
): Promise<{ id: string } | undefined> {
  const n = notifications;
  const [row] = await db
    .update(n)
    .set({ readAt: at })
    .where(and(eq(n.id, id), eq(n.userId, userId), isNull(n.readAt)))
    .returning({ id: n.id });
  return row;
}

export async function findOwnNotification(
  db: Executor,
  userId: string,
  id: string,
): Promise<{ id: string } | undefined> {
  const n = notifications;
  const [row] = await db
    .select({ id: n.id })
    .from(n)
    .where(and(eq(n.id, id), eq(n.userId, userId)))
    .limit(1);
  return row;
}

export async function markAllNotificationsRead(db: Executor, userId: string, at: Date): Promise<void> {
  const n = notifications;
  await db
    .update(n)
    .set({ readAt: at })
    .where(and(eq(n.userId, userId), isNull(n.readAt)));
}
