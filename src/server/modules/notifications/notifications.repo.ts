import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { notifications, type NotificationType, type ReactionType } from '../../db/schema/index.ts';
import { newId } from '../../lib/ids.ts';

export interface NotificationInput {
  /** The recipient. */
  userId: string;
  actorId: string;
  type: NotificationType;
  memoryId?: string | undefined;
  commentId?: string | undefined;
  friendRequestId?: string | undefined;
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
