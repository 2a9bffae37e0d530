import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { preparedQuery, type Executor } from '../../db/client.ts';
import { users, type NewUserRow, type UserRow } from '../../db/schema/index.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';
import { blockedEitherWay, follows } from '../../db/relation-predicates.ts';

const byUsername = preparedQuery('users_by_username', (db) =>
  db
    .select()
    .from(users)
    .where(eq(users.username, sql.placeholder('username')))
    .limit(1),
);

const byId = preparedQuery('users_by_id', (db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1),
);

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await byUsername(db).execute({ username });
  return row;
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await byId(db).execute({ id });
  return row;
}

export async function insertUser(db: Executor, values: NewUserRow): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('insert into users returned no row');
  return row;
}

export interface ListUsersFilter {
  city?: string | undefined;
  /** A city community's residents (cities module). */
  cityId?: string | undefined;
  /** Leaves out dancers who stand in a block with this viewer, either way. */
  viewerId?: string | null | undefined;
  cursor?: Cursor | undefined;
  limit: number;
}

/**
 * Newest members first; uses users_created_at_id_idx, users_city_created_at_id_idx with a city, or
 * users_city_id_created_at_id_idx with a city community.
 */
export function listUsersQuery(db: Executor, f: ListUsersFilter) {
  const conditions: (SQL | undefined)[] = [
    f.city === undefined ? undefined : eq(users.city, f.city),
    f.cityId === undefined ? undefined : eq(users.cityId, f.cityId),
    afterCursor(users.createdAt, users.id, f.cursor),
    f.viewerId ? sql`not ${blockedEitherWay(sql`${f.viewerId}::uuid`, users.id)}` : undefined,
  ];
  // The listed dancer's Follow button: one probe of follows_pkey per row; null for anonymous viewers.
  const viewerFollows = f.viewerId
    ? sql<boolean>`${follows(sql`${f.viewerId}::uuid`, users.id)}`.mapWith(Boolean)
    : sql<null>`null`;
  return db
    .select({ ...getTableColumns(users), viewerFollows })
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(f.limit + 1);
}

export type MemberRow = UserRow & { viewerFollows: boolean | null };

export async function listUsers(db: Executor, f: ListUsersFilter): Promise<MemberRow[]> {
  return listUsersQuery(db, f);
}

export async function updateUser(
  db: Executor,
  id: string,
  values: Partial<NewUserRow>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row;
}

export type NameField = 'username' | 'displayName';

// Past every character, so "< prefix || MAX" bounds the strings that start with the prefix.
const AFTER_PREFIX = '\u{10FFFF}';

const nameKey = (field: NameField) =>
  field === 'username'
    ? sql`lower(${users.username}::text) collate "C"`
    : sql`lower(${users.displayName}) collate "C"`;

export interface NamePrefixFilter {
  field: NameField;
  /** Lowered by the database, with the same lower() as the index. */
  prefix: string;
  /** Leaves out dancers who stand in a block with this viewer, either way. */
  viewerId: string;
  limit: number;
}

/**
 * Members whose username or display name starts with the prefix, ignoring case, in name order. The
 * prefix is written as a range, not LIKE, so a generic plan of a prepared statement uses the index too
 * (users_username_prefix_idx or users_display_name_prefix_idx), reading only the rows it returns.
 */
export function searchByNamePrefixQuery(db: Executor, f: NamePrefixFilter) {
  const key = nameKey(f.field);
  const low = sql`lower(${f.prefix}::text) collate "C"`;
  const viewerFollows = sql<boolean>`${follows(sql`${f.viewerId}::uuid`, users.id)}`.mapWith(Boolean);
  return db
    .select({ ...getTableColumns(users), viewerFollows })
    .from(users)
    .where(
      and(
        sql`${key} >= ${low}`,
        sql`${key} < (lower(${f.prefix}::text) || ${AFTER_PREFIX}::text) collate "C"`,
        sql`not ${blockedEitherWay(sql`${f.viewerId}::uuid`, users.id)}`,
      ),
    )
    .orderBy(key)
    .limit(f.limit);
}

export async function searchByNamePrefix(db: Executor, f: NamePrefixFilter): Promise<MemberRow[]> {
  return searchByNamePrefixQuery(db, f);
}
