import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { cities, cityFollows, users, type UserRow } from '../../db/schema/index.ts';
import { blockedEitherWay, follows } from '../../db/relation-predicates.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';

// Cities are made by the database (city_for() in migration 0014), so nothing here inserts one.

/** Past every character, so "< prefix || MAX" bounds the strings that start with the prefix. */
const AFTER_PREFIX = '\u{10FFFF}';

// Drizzle writes the columns of a query on one table unqualified, which inside the subqueries below
// would name the subquery's own table: the outer city is spelled out.
const cityId = sql`"cities"."id"`;

// The order of cities_key_prefix_idx.
const keyOrder = sql`${cities.key} collate "C"`;
const slugOrder = sql`${cities.slug} collate "C"`;

/**
 * A city with its counts, each one index-only count per row (users_city_id_created_at_id_idx,
 * city_follows_pkey), and the viewer's place in it (null fields for anonymous viewers).
 */
function cityFields(viewerId: string | null) {
  const viewer = viewerId === null ? null : sql`${viewerId}::uuid`;
  return {
    id: cities.id,
    slug: cities.slug,
    name: cities.name,
    country: cities.country,
    key: cities.key,
    residentCount: sql<number>`(select count(*) from users ru where ru.city_id = ${cityId})::int`.mapWith(
      Number,
    ),
    visitorCount:
      sql<number>`(select count(*) from city_follows cv where cv.city_id = ${cityId})::int`.mapWith(Number),
    viewerResident:
      viewer === null
        ? sql<null>`null`
        : sql<boolean>`exists (select 1 from users vu where vu.id = ${viewer} and vu.city_id = ${cityId})`.mapWith(
            Boolean,
          ),
    viewerFollowing:
      viewer === null
        ? sql<null>`null`
        : sql<boolean>`exists (select 1 from city_follows vf where vf.city_id = ${cityId} and vf.user_id = ${viewer})`.mapWith(
            Boolean,
          ),
  };
}

export interface CityViewRow {
  id: string;
  slug: string;
  name: string;
  country: string | null;
  key: string;
  residentCount: number;
  visitorCount: number;
  viewerResident: boolean | null;
  viewerFollowing: boolean | null;
}

export function findCityBySlugQuery(db: Executor, slug: string, viewerId: string | null) {
  return db.select(cityFields(viewerId)).from(cities).where(eq(cities.slug, slug)).limit(1);
}

export async function findCityBySlug(
  db: Executor,
  slug: string,
  viewerId: string | null,
): Promise<CityViewRow | undefined> {
  const [row] = await findCityBySlugQuery(db, slug, viewerId);
  return row;
}

/**
 * Among the cities of a name (normalised by city_key, as their keys are), the one with the most
 * residents, the oldest on a tie: one per country at most, through cities_key_country_key.
 */
export function findCityByNameQuery(db: Executor, name: string, viewerId: string | null) {
  const fields = cityFields(viewerId);
  return db
    .select(fields)
    .from(cities)
    .where(sql`${cities.key} = city_key(${name}::text)`)
    .orderBy(desc(fields.residentCount), cities.createdAt, cities.id)
    .limit(1);
}

export async function findCityByName(
  db: Executor,
  name: string,
  viewerId: string | null,
): Promise<CityViewRow | undefined> {
  const [row] = await findCityByNameQuery(db, name, viewerId);
  return row;
}

export interface ListCitiesFilter {
  /** Matched against the start of the key, normalised in SQL by city_key. */
  prefix?: string | undefined;
  /** The last city of the previous page. */
  after?: { key: string; slug: string } | undefined;
  viewerId: string | null;
  limit: number;
}

/**
 * Cities in (key, slug) order, from the position after the cursor, through cities_key_prefix_idx:
 * a prefix is one range of it, written as a range rather than LIKE so that it stays an index
 * condition when the prefix is a parameter. Reads only the rows it returns.
 */
export function listCitiesQuery(db: Executor, f: ListCitiesFilter) {
  const conditions: (SQL | undefined)[] = [];
  if (f.prefix !== undefined) {
    const low = sql`city_key(${f.prefix}::text)`;
    conditions.push(
      sql`${keyOrder} >= ${low} collate "C"`,
      sql`${keyOrder} < (${low} || ${AFTER_PREFIX}::text) collate "C"`,
    );
  }
  if (f.after) {
    conditions.push(
      sql`(${keyOrder}, ${slugOrder}) > (${f.after.key}::text collate "C", ${f.after.slug}::text collate "C")`,
    );
  }
  return db
    .select(cityFields(f.viewerId))
    .from(cities)
    .where(and(...conditions))
    .orderBy(keyOrder, slugOrder)
    .limit(f.limit + 1);
}

export async function listCities(db: Executor, f: ListCitiesFilter): Promise<CityViewRow[]> {
  return listCitiesQuery(db, f);
}

/** Adds the follow unless it is there; true when a row was added. */
export async function insertCityFollow(db: Executor, cityId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(cityFollows)
    .values({ cityId, userId })
    .onConflictDoNothing()
    .returning({ cityId: cityFollows.cityId });
  return rows.length > 0;
}

export async function deleteCityFollow(db: Executor, cityId: string, userId: string): Promise<void> {
  await db.delete(cityFollows).where(and(eq(cityFollows.cityId, cityId), eq(cityFollows.userId, userId)));
}

export interface VisitorsFilter {
  cityId: string;
  /** Leaves out dancers in a block with this viewer, either way; null: anonymous. */
  viewerId: string | null;
  cursor?: Cursor | undefined;
  limit: number;
}

export interface VisitorRow {
  user: UserRow;
  /** When they followed the city, and who they are: the page's position. */
  createdAt: Date;
  id: string;
  viewerFollows: boolean | null;
}

/** A city's visitors, most recent follow first, through city_follows_city_created_idx. */
export function listVisitorsQuery(db: Executor, f: VisitorsFilter) {
  const viewer = f.viewerId === null ? null : sql`${f.viewerId}::uuid`;
  // The listed dancer's Follow button: one probe of follows_pkey per row; null for anonymous viewers.
  const viewerFollows =
    viewer === null ? sql<null>`null` : sql<boolean>`${follows(viewer, users.id)}`.mapWith(Boolean);
  return db
    .select({
      user: getTableColumns(users),
      createdAt: cityFollows.createdAt,
      id: cityFollows.userId,
      viewerFollows,
    })
    .from(cityFollows)
    .innerJoin(users, eq(users.id, cityFollows.userId))
    .where(
      and(
        eq(cityFollows.cityId, f.cityId),
        afterCursor(cityFollows.createdAt, cityFollows.userId, f.cursor),
        viewer === null ? undefined : sql`not ${blockedEitherWay(viewer, cityFollows.userId)}`,
      ),
    )
    .orderBy(desc(cityFollows.createdAt), desc(cityFollows.userId))
    .limit(f.limit + 1);
}

export async function listVisitors(db: Executor, f: VisitorsFilter): Promise<VisitorRow[]> {
  return listVisitorsQuery(db, f);
}
