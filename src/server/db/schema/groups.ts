import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  GROUP_DESCRIPTION_MAX_LENGTH,
  GROUP_NAME_MAX_LENGTH,
  GROUP_ROLES,
  GROUP_VISIBILITY_VALUES,
  type GroupRole,
} from '../../../contract/rules.ts';
import { cities } from './cities.ts';
import { createdAt, idColumn, updatedAt } from './columns.ts';
import { users } from './users.ts';

export type GroupVisibility = (typeof GROUP_VISIBILITY_VALUES)[number];

// The contract's values, spelled out in SQL for the check constraints.
const listOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * Groups: circles any dancer may start (modules/groups). The owner is the one member whose role is
 * 'owner'. member_count is kept by statement triggers on group_members (migration 0015), so every
 * write counts, cascades from a deleted account or group included.
 */
export const groups = pgTable(
  'groups',
  {
    id: idColumn(),
    name: text('name').notNull(),
    // Normalised like a city's name (city_key, migration 0014): name order and prefix search.
    key: text('key')
      .notNull()
      .generatedAlwaysAs(sql`city_key(name)`),
    description: text('description').notNull().default(''),
    visibility: text('visibility').$type<GroupVisibility>().notNull(),
    cityId: uuid('city_id').references(() => cities.id, { onDelete: 'set null' }),
    memberCount: integer('member_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Name order and prefix search (GET /groups?q=), "C" order as cities_key_prefix_idx, id on ties.
    index('groups_key_idx').on(sql`${t.key} collate "C"`, t.id),
    // A city's groups in name order (GET /groups?city=).
    index('groups_city_key_idx').on(t.cityId, sql`${t.key} collate "C"`, t.id),
    check('groups_visibility_check', sql`${t.visibility} in (${listOf(GROUP_VISIBILITY_VALUES)})`),
    check(
      'groups_name_length',
      sql`char_length(${t.name}) between 1 and ${sql.raw(String(GROUP_NAME_MAX_LENGTH))}`,
    ),
    check(
      'groups_description_length',
      sql`char_length(${t.description}) <= ${sql.raw(String(GROUP_DESCRIPTION_MAX_LENGTH))}`,
    ),
    check('groups_member_count_nonnegative', sql`${t.memberCount} >= 0`),
  ],
);

const groupRef = () =>
  uuid('group_id')
    .notNull()
    .references(() => groups.id, { onDelete: 'cascade' });
const userRef = () =>
  uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

/** Members, with their role; the members list goes by (rank, joined_at, user_id). */
export const groupMembers = pgTable(
  'group_members',
  {
    groupId: groupRef(),
    userId: userRef(),
    role: text('role').$type<GroupRole>().notNull(),
    // The role's place from the top (owner 0 … member 3): the members list's order.
    rank: smallint('rank')
      .notNull()
      .generatedAlwaysAs(
        sql`case role when 'owner' then 0 when 'admin' then 1 when 'moderator' then 2 else 3 end`,
      ),
    joinedAt: timestamp('joined_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'group_members_pkey', columns: [t.groupId, t.userId] }),
    index('group_members_list_idx').on(t.groupId, t.rank, t.joinedAt, t.userId),
    // A dancer's groups (GET /me/groups) and the cascade of a deleted account.
    index('group_members_user_idx').on(t.userId, t.groupId),
    uniqueIndex('group_members_one_owner')
      .on(t.groupId)
      .where(sql`role = 'owner'`),
    check('group_members_role_check', sql`${t.role} in (${listOf(GROUP_ROLES)})`),
  ],
);

/** Requests to join a private group, listed oldest first. */
export const groupRequests = pgTable(
  'group_requests',
  {
    groupId: groupRef(),
    userId: userRef(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'group_requests_pkey', columns: [t.groupId, t.userId] }),
    index('group_requests_group_created_idx').on(t.groupId, t.createdAt, t.userId),
    index('group_requests_user_idx').on(t.userId),
  ],
);

/** Dancers banned from a group: neither members nor asking to be while the row stands. */
export const groupBans = pgTable(
  'group_bans',
  {
    groupId: groupRef(),
    userId: userRef(),
    bannedById: uuid('banned_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'group_bans_pkey', columns: [t.groupId, t.userId] }),
    index('group_bans_group_created_idx').on(t.groupId, t.createdAt, t.userId),
    index('group_bans_user_idx').on(t.userId),
    index('group_bans_banned_by_idx').on(t.bannedById),
  ],
);

export type GroupRow = typeof groups.$inferSelect;
export type GroupMemberRow = typeof groupMembers.$inferSelect;
