import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { NOTIFICATION_VALUES } from '../../../contract/social.ts';
import { comments } from './comments.ts';
import { events } from './events.ts';
import { groups } from './groups.ts';
import { memories } from './memories.ts';
import { friendRequests } from './relations.ts';
import { createdAt, idColumn } from './columns.ts';
import { users } from './users.ts';

// The values come from the contract; the check constraint below spells the same ones out in SQL.
export const NOTIFICATION_TYPES = NOTIFICATION_VALUES;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const notifications = pgTable(
  'notifications',
  {
    id: idColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<NotificationType>().notNull(),
    // The latest actor; actor_ids holds every distinct actor of a grouped notification, newest first.
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    actorIds: uuid('actor_ids').array().notNull(),
    actorCount: integer('actor_count').notNull().default(1),
    memoryId: uuid('memory_id').references(() => memories.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    friendRequestId: uuid('friend_request_id').references(() => friendRequests.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'cascade' }),
    // The date of a series a notification is about (a promotion from one date's waitlist).
    eventDate: date('event_date', { mode: 'string' }),
    reaction: text('reaction'),
    // Unread notifications with the same key fold into one ("Ana and 3 others reacted").
    groupKey: text('group_key'),
    readAt: timestamp('read_at', { withTimezone: true, precision: 3, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_user_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_unread_group_key')
      .on(t.userId, t.groupKey)
      .where(sql`${t.readAt} is null and ${t.groupKey} is not null`),
    index('notifications_actor_idx').on(t.actorId),
    index('notifications_memory_idx').on(t.memoryId),
    index('notifications_comment_idx').on(t.commentId),
    index('notifications_friend_request_idx').on(t.friendRequestId),
    index('notifications_group_idx')
      .on(t.groupId)
      .where(sql`${t.groupId} is not null`),
    index('notifications_event_idx')
      .on(t.eventId)
      .where(sql`${t.eventId} is not null`),
    check(
      'notifications_type_check',
      sql`${t.type} in (${sql.raw(NOTIFICATION_TYPES.map((v) => `'${v}'`).join(', '))})`,
    ),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
