import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, updatedAt } from './columns.ts';
import { groups } from './groups.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const CONVERSATION_KINDS = ['direct', 'group'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];
export const MEMBER_ROLES = ['admin', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const conversations = pgTable(
  'conversations',
  {
    id: idColumn(),
    kind: text('kind').$type<ConversationKind>().notNull(),
    name: text('name'),
    // "<smaller user id>:<larger user id>" for a direct conversation: at most one per pair.
    directKey: text('direct_key'),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    // The group whose chat this is (modules/groups keeps its members to the group's): one per group,
    // gone with it.
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    // Messages are numbered per conversation under a lock on this row, so replay after a
    // reconnect is exact whatever instance or clock wrote them.
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    // Counts edits and deletes, taken under the same row lock, so the numbers follow commit order
    // within the conversation; sync hands it out as the watermark of what a client has seen.
    lastChangeSeq: bigint('last_change_seq', { mode: 'number' }).notNull().default(0),
    lastMessageAt: ts('last_message_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('conversations_direct_key').on(t.directKey),
    uniqueIndex('conversations_group_id_key').on(t.groupId),
    check('conversations_kind_check', sql`${t.kind} in ('direct', 'group')`),
    check('conversations_direct_shape', sql`(${t.kind} = 'direct') = (${t.directKey} is not null)`),
    check('conversations_group_shape', sql`${t.groupId} is null or ${t.kind} = 'group'`),
  ],
);

export const conversationMembers = pgTable(
  'conversation_members',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<MemberRole>().notNull().default('member'),
    // "Read up to", as a message sequence number; "delivered up to" is in conversation_deliveries.
    readSeq: bigint('read_seq', { mode: 'number' }).notNull().default(0),
    joinedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'conversation_members_pkey', columns: [t.conversationId, t.userId] }),
    index('conversation_members_user_idx').on(t.userId, t.conversationId),
    // The member list of one conversation, paged in joining order.
    index('conversation_members_joined_idx').on(t.conversationId, t.joinedAt, t.userId),
    check('conversation_members_role_check', sql`${t.role} in ('admin', 'member')`),
  ],
);

/**
 * "Delivered up to" per member, as a message sequence number. Written in batches in the background
 * (realtime/deliveries.ts); a table of its own so those writes never lock the member rows that
 * sends and read marks update.
 */
export const conversationDeliveries = pgTable(
  'conversation_deliveries',
  {
    conversationId: uuid('conversation_id').notNull(),
    userId: uuid('user_id').notNull(),
    deliveredSeq: bigint('delivered_seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'conversation_deliveries_pkey', columns: [t.conversationId, t.userId] }),
    foreignKey({
      name: 'conversation_deliveries_member_fk',
      columns: [t.conversationId, t.userId],
      foreignColumns: [conversationMembers.conversationId, conversationMembers.userId],
    }).onDelete('cascade'),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: idColumn(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    senderId: uuid('sender_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    body: text('body').notNull(),
    clientMessageId: text('client_message_id').notNull(),
    createdAt: createdAt(),
    editedAt: ts('edited_at'),
    deletedAt: ts('deleted_at'),
    // conversations.last_change_seq as of this message's latest edit or delete; null if never changed.
    changeSeq: bigint('change_seq', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_key').on(t.conversationId, t.seq),
    // A retried send with the same client id finds the message it already made.
    uniqueIndex('messages_client_id_key').on(t.conversationId, t.senderId, t.clientMessageId),
    index('messages_sender_idx').on(t.senderId),
    // Sync's "changed since the watermark"; partial, so it holds only edited or deleted messages.
    uniqueIndex('messages_conversation_change_seq_key')
      .on(t.conversationId, t.changeSeq)
      .where(sql`${t.changeSeq} is not null`),
    check('messages_body_length', sql`char_length(${t.body}) between 1 and 4000`),
  ],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationMemberRow = typeof conversationMembers.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
