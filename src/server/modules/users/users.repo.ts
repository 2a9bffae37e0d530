import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { preparedQuery, type Executor } from '../../db/client.ts';
import { users, type NewUserRow, type UserRow } from '../../db/schema/index.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';
import { blockedEitherWay } from '../../db/relation-predicates.ts';

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
  /** Leaves out dancers who stand in a block with this viewer, either way. */
  viewerId?: string | null | undefined;
  cursor?: Cursor | undefined;
  limit: number;
}

/** Newest members first; uses users_created_at_id_idx, or users_city_created_at_id_idx with a city. */
export function listUsersQuery(db: Executor, f: ListUsersFilter) {
  const conditions: (SQL | undefined)[] = [
    f.city === undefined ? undefined : eq(users.city, f.city),
    afterCursor(users.createdAt, users.id, f.cursor),
    f.viewerId ? sql`not ${blockedEitherWay(sql`${f.viewerId}::uuid`, users.id)}` : undefined,
  ];
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(f.limit + 1);
}

export async function listUsers(db: Executor, f: ListUsersFilter): Promise<UserRow[]> {
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
