import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { MEMORY_VISIBILITY_VALUES } from '../../../contract/rules.ts';
import {
  REACTION_VALUES,
  type MemoryVisibilityValue,
  type ReactionTypeValue,
} from '../../../contract/social.ts';
import { createdAt, idColumn, updatedAt } from './columns.ts';
import { groups } from './groups.ts';
import { users } from './users.ts';

// The values come from the contract; the check constraints below spell the same ones out in SQL.
export const VISIBILITIES = MEMORY_VISIBILITY_VALUES;
export type Visibility = MemoryVisibilityValue;

export const REACTION_TYPES = REACTION_VALUES;
export type ReactionType = ReactionTypeValue;
export type ReactionCounts = Partial<Record<ReactionType, number>>;

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const memories = pgTable(
  'memories',
  {
    id: idColumn(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    visibility: text('visibility').$type<Visibility>().notNull(),
    city: text('city'),
    // Shared in a group (visibility 'group'): its readers see it, and the group's feed lists it.
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    // Events arrive in a later issue; the column is here so memories can point at one then.
    eventId: uuid('event_id'),
    reactionCounts: jsonb('reaction_counts').$type<ReactionCounts>().notNull().default({}),
    commentCount: integer('comment_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    editedAt: ts('edited_at'),
  },
  (t) => [
    // Home and profile feeds: newest of one author. Visibility rides along so the feed's
    // per-author probe is an index-only scan.
    index('memories_author_created_idx').on(t.authorId, t.createdAt, t.id, t.visibility),
    index('memories_public_created_idx')
      .on(t.createdAt, t.id)
      .where(sql`${t.visibility} = 'public'`),
    // City feeds match the city case-insensitively ("buenos aires" finds "Buenos Aires").
    index('memories_public_city_created_idx')
      .on(sql`lower(${t.city})`, t.createdAt, t.id)
      .where(sql`${t.visibility} = 'public'`),
    // A group's memories, newest first (GET /groups/:id/memories).
    index('memories_group_created_idx')
      .on(t.groupId, t.createdAt, t.id)
      .where(sql`${t.groupId} is not null`),
    check(
      'memories_visibility_check',
      sql`${t.visibility} in (${sql.raw(MEMORY_VISIBILITY_VALUES.map((v) => `'${v}'`).join(', '))})`,
    ),
    check('memories_group_visibility', sql`(${t.visibility} = 'group') = (${t.groupId} is not null)`),
    check('memories_body_length', sql`char_length(${t.body}) between 1 and 5000`),
  ],
);

/** Hashtags, lower-cased; created_at is the memory's, so a tag feed pages in one index. */
export const memoryTags = pgTable(
  'memory_tags',
  {
    memoryId: uuid('memory_id')
      .notNull()
      .references(() => memories.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'memory_tags_pkey', columns: [t.memoryId, t.tag] }),
    index('memory_tags_tag_created_idx').on(t.tag, t.createdAt, t.memoryId),
  ],
);

export const memoryMentions = pgTable(
  'memory_mentions',
  {
    memoryId: uuid('memory_id')
      .notNull()
      .references(() => memories.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'memory_mentions_pkey', columns: [t.memoryId, t.userId] }),
    index('memory_mentions_user_idx').on(t.userId),
  ],
);

export const memoryReactions = pgTable(
  'memory_reactions',
  {
    memoryId: uuid('memory_id')
      .notNull()
      .references(() => memories.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<ReactionType>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'memory_reactions_pkey', columns: [t.memoryId, t.userId, t.type] }),
    index('memory_reactions_user_idx').on(t.userId),
    check('memory_reactions_type_check', sql`${t.type} in ('like', 'love', 'laugh', 'wow', 'sad', 'abrazo')`),
  ],
);

export const bookmarks = pgTable(
  'bookmarks',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    memoryId: uuid('memory_id')
      .notNull()
      .references(() => memories.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'bookmarks_pkey', columns: [t.userId, t.memoryId] }),
    index('bookmarks_user_created_idx').on(t.userId, t.createdAt, t.memoryId),
    index('bookmarks_memory_idx').on(t.memoryId),
  ],
);

/**
 * Home timelines, fanned out on write (relations/home-timelines.repo.ts): a row for each memory a
 * dancer's home feed may show, written when the memory is shared and when a source is followed,
 * befriended or unmuted. A candidate list: the home query checks every row against the relationship
 * as it stands, so rows a later change left behind are never shown. No foreign keys: checking the
 * owner of each row would lock thousands of user rows per memory; account deletion removes the owner's
 * rows, and rows of deleted memories drop out of the join until the cap trims them.
 */
export const homeEntries = pgTable(
  'home_entries',
  {
    ownerId: uuid('owner_id').notNull(),
    createdAt: ts('created_at').notNull(),
    memoryId: uuid('memory_id').notNull(),
  },
  (t) => [primaryKey({ name: 'home_entries_pkey', columns: [t.ownerId, t.createdAt, t.memoryId] })],
);

/**
 * Where a trimmed timeline stops being complete: every home memory at or after (floor_at, floor_id) is
 * in home_entries; older pages are read from the sources. No row: the timeline is complete.
 */
export const homeTimelines = pgTable('home_timelines', {
  ownerId: uuid('owner_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  floorAt: ts('floor_at').notNull(),
  floorId: uuid('floor_id').notNull(),
});

export type MemoryRow = typeof memories.$inferSelect;
export type NewMemoryRow = typeof memories.$inferInsert;

/** A transaction id that never wraps around (PostgreSQL 13+). */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/**
 * What may have changed someone's home page, written by triggers (migration 0011) in the transaction
 * that makes the change: a memory written, edited or deleted, or its tags or mentions changed (its
 * author); a follow, friendship, mute or block made or undone (each user whose sources changed); a
 * renamed user (them, and the authors of memories that mention them). A cached home page stays good
 * while no row its snapshot did not see names the viewer or one of their followees or friends. Rows are
 * pruned after an hour.
 */
export const feedChanges = pgTable(
  'feed_changes',
  {
    xid: xid8('xid')
      .notNull()
      .default(sql`pg_current_xact_id()`),
    userId: uuid('user_id').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (t) => [index('feed_changes_xid_idx').on(t.xid)],
);
