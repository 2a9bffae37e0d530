import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns.ts';
import { users } from './users.ts';

/**
 * City communities: one per (key, country), key being the name a dancer gave normalised by the SQL
 * function city_key() (lower case, accents removed, spaces collapsed). Rows are made by the database,
 * never by the app: a trigger on users (migration 0014) runs city_for() on every insert and every
 * change of city or country, whatever writes the row (registration, PATCH /me, the seed's bulk
 * inserts), sets users.city_id and makes the city the first time it is named, with its slug.
 */
export const cities = pgTable(
  'cities',
  {
    id: idColumn(),
    // Made once, from the first spelling: "buenos-aires-ar", then "-2", "-3"… when taken.
    slug: text('slug').notNull(),
    // As the first dancer who named it wrote it (spaces collapsed).
    name: text('name').notNull(),
    country: text('country'),
    key: text('key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('cities_slug_key').on(t.slug),
    // A null country is one more country: "Rosario" without one is a single city.
    unique('cities_key_country_key').on(t.key, t.country).nullsNotDistinct(),
    // Name order and name-prefix search (GET /cities?q=): "C" order, so a prefix is one range of the
    // index read in order, slug breaking ties (cities.repo.ts).
    index('cities_key_prefix_idx').on(sql`${t.key} collate "C"`, sql`${t.slug} collate "C"`),
    check('cities_country_code', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** Visitors: dancers who follow a city they do not live in. Pages go by (created_at, user_id). */
export const cityFollows = pgTable(
  'city_follows',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'city_follows_pkey', columns: [t.cityId, t.userId] }),
    index('city_follows_city_created_idx').on(t.cityId, t.createdAt, t.userId),
    index('city_follows_user_idx').on(t.userId),
  ],
);

export type CityRow = typeof cities.$inferSelect;
