import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from '../../../contract/locales.ts';
import { cities } from './cities.ts';
import { citext, createdAt, idColumn, updatedAt } from './columns.ts';

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    username: citext('username').notNull(),
    email: citext('email').notNull(),
    displayName: text('display_name').notNull(),
    bio: text('bio').notNull().default(''),
    city: text('city'),
    country: text('country'),
    // The city community of city + country, kept by a trigger on every write (schema/cities.ts).
    cityId: uuid('city_id').references((): AnyPgColumn => cities.id, { onDelete: 'set null' }),
    languages: text('languages')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    leaderLevel: smallint('leader_level'),
    followerLevel: smallint('follower_level'),
    yearsDancing: smallint('years_dancing'),
    locale: text('locale').$type<Locale>().notNull().default(DEFAULT_LOCALE),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true, precision: 3, mode: 'date' }),
    // Kept in the same transaction as the edge that changes them (see modules/relations).
    followerCount: integer('follower_count').notNull().default(0),
    followingCount: integer('following_count').notNull().default(0),
    friendCount: integer('friend_count').notNull().default(0),
    // Staff powers (moderating reports); granted only by scripts/set-role.ts, never through the API.
    staffRole: text('staff_role').$type<'moderator' | 'admin'>(),
    // Presence: friends see when the dancer is online and when they were last seen, unless this is off.
    showPresence: boolean('show_presence').notNull().default(true),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3, mode: 'date' }),
    // Who may start a direct conversation with the dancer or add them to a group.
    directMessages: text('direct_messages')
      .$type<'everyone' | 'following' | 'friends'>()
      .notNull()
      .default('following'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(t.username),
    uniqueIndex('users_email_key').on(t.email),
    // Ascending on purpose: a backward scan serves ORDER BY … DESC; drizzle's .desc() adds NULLS LAST,
    // which does not match Postgres' DESC (NULLS FIRST) and forces a sort.
    index('users_created_at_id_idx').on(t.createdAt, t.id),
    index('users_city_created_at_id_idx').on(t.city, t.createdAt, t.id),
    // A city's residents, newest first (GET /cities/:slug/residents), and their count.
    index('users_city_id_created_at_id_idx').on(t.cityId, t.createdAt, t.id),
    // Search by name prefix (GET /users?q=, mention autocomplete): lower case in "C" order, so a
    // prefix is one range of the index and its first rows come in order (users.repo.ts).
    index('users_username_prefix_idx').on(sql`lower(${t.username}::text) collate "C"`),
    index('users_display_name_prefix_idx').on(sql`lower(${t.displayName}) collate "C"`),
    check('users_leader_level_range', sql`${t.leaderLevel} between 0 and 5`),
    check('users_follower_level_range', sql`${t.followerLevel} between 0 and 5`),
    check('users_years_dancing_range', sql`${t.yearsDancing} between 0 and 100`),
    check('users_country_code', sql`${t.country} ~ '^[A-Z]{2}$'`),
    // From the contract's list, so a new language changes the constraint in the next migration.
    check(
      'users_locale_check',
      sql`${t.locale} in (${sql.raw(SUPPORTED_LOCALES.map((l) => `'${l}'`).join(', '))})`,
    ),
    check('users_direct_messages_check', sql`${t.directMessages} in ('everyone', 'following', 'friends')`),
    check('users_staff_role_check', sql`${t.staffRole} in ('moderator', 'admin')`),
    check(
      'users_counts_non_negative',
      sql`${t.followerCount} >= 0 and ${t.followingCount} >= 0 and ${t.friendCount} >= 0`,
    ),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
