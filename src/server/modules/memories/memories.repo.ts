import { and, eq, sql, type Placeholder } from 'drizzle-orm';
import { preparedQuery, queryRows, type Executor } from '../../db/client.ts';
import {
  bookmarks,
  memories,
  memoryMentions,
  memoryTags,
  type MemoryRow,
  type NewMemoryRow,
  type ReactionType,
} from '../../db/schema/index.ts';
import { memoryVisibleTo } from '../relations/visibility.ts';

const visibleMemory = (name: string, viewer: Placeholder | null) =>
  preparedQuery(name, (db) =>
    db
      .select()
      .from(memories)
      .where(and(eq(memories.id, sql.placeholder('memoryId')), memoryVisibleTo(viewer, memories)))
      .limit(1),
  );
const visibleToAnyone = visibleMemory('memories_visible_anonymous', null);
const visibleToViewer = visibleMemory('memories_visible_to_viewer', sql.placeholder('viewerId'));

/** The memory if it exists and the viewer may see it. */
export async function findVisibleMemory(
  db: Executor,
  viewerId: string | null,
  memoryId: string,
): Promise<MemoryRow | undefined> {
  const [row] =
    viewerId === null
      ? await visibleToAnyone(db).execute({ memoryId })
      : await visibleToViewer(db).execute({ memoryId, viewerId });
  return row;
}

export async function addToCommentCount(db: Executor, memoryId: string, delta: number): Promise<void> {
  await db
    .update(memories)
    .set({ commentCount: sql`greatest(${memories.commentCount} + ${delta}, 0)` })
    .where(eq(memories.id, memoryId));
}

export async function addToReactionCount(
  db: Executor,
  memoryId: string,
  type: ReactionType,
  delta: number,
): Promise<void> {
  const current = sql`coalesce((${memories.reactionCounts} ->> ${type})::int, 0)`;
  await db
    .update(memories)
    .set({
      reactionCounts: sql`jsonb_set(${memories.reactionCounts}, array[${type}::text], to_jsonb(greatest(${current} + ${delta}, 0)))`,
    })
    .where(eq(memories.id, memoryId));
}

export async function insertMemory(db: Executor, values: NewMemoryRow): Promise<MemoryRow> {
  const [row] = await db.insert(memories).values(values).returning();
  if (!row) throw new Error('insert into memories returned no row');
  return row;
}

/** The memory whatever its visibility; for the author's own edits. */
export async function findMemoryForUpdate(db: Executor, memoryId: string): Promise<MemoryRow | undefined> {
  const [row] = await db.select().from(memories).where(eq(memories.id, memoryId)).for('update').limit(1);
  return row;
}

export async function updateMemoryRow(
  db: Executor,
  memoryId: string,
  values: Partial<NewMemoryRow>,
): Promise<MemoryRow | undefined> {
  const [row] = await db.update(memories).set(values).where(eq(memories.id, memoryId)).returning();
  return row;
}

export async function deleteMemoryRow(db: Executor, memoryId: string): Promise<void> {
  await db.delete(memories).where(eq(memories.id, memoryId));
}

export async function listTags(db: Executor, memoryId: string): Promise<string[]> {
  const rows = await db
    .select({ tag: memoryTags.tag })
    .from(memoryTags)
    .where(eq(memoryTags.memoryId, memoryId));
  return rows.map((r) => r.tag);
}

export async function replaceTags(db: Executor, memory: MemoryRow, tags: readonly string[]): Promise<void> {
  await db.delete(memoryTags).where(eq(memoryTags.memoryId, memory.id));
  if (tags.length === 0) return;
  await db
    .insert(memoryTags)
    .values(tags.map((tag) => ({ memoryId: memory.id, tag, createdAt: memory.createdAt })));
}

/** Stores the mentions of existing users, replacing the old ones; returns the user ids added anew. */
export async function replaceMentions(
  db: Executor,
  memoryId: string,
  usernames: readonly string[],
): Promise<string[]> {
  const before = await db
    .select({ userId: memoryMentions.userId })
    .from(memoryMentions)
    .where(eq(memoryMentions.memoryId, memoryId));
  await db.delete(memoryMentions).where(eq(memoryMentions.memoryId, memoryId));
  if (usernames.length === 0) return [];
  const rows = await queryRows(
    db,
    sql`insert into memory_mentions (memory_id, user_id)
        select ${memoryId}::uuid, u.id from users u where u.username = any (${sql.param([...usernames])}::citext[])
        on conflict do nothing
        returning user_id`,
  );
  const old = new Set(before.map((r) => r.userId));
  return rows.map((r) => String(r.user_id)).filter((id) => !old.has(id));
}

export async function insertBookmark(db: Executor, userId: string, memoryId: string): Promise<void> {
  await db.insert(bookmarks).values({ userId, memoryId }).onConflictDoNothing();
}

export async function deleteBookmark(db: Executor, userId: string, memoryId: string): Promise<void> {
  await db.delete(bookmarks).where(and(eq(bookmarks.userId, userId), eq(bookmarks.memoryId, memoryId)));
}

export async function memoryExists(db: Executor, memoryId: string): Promise<boolean> {
  const rows = await db.select({ id: memories.id }).from(memories).where(eq(memories.id, memoryId)).limit(1);
  return rows.length > 0;
}

/**
 * Removes feed changes noted longer ago than `age` (a PostgreSQL interval such as '1 hour', by the
 * database's clock, which also stamped them); returns how many.
 */
export async function deleteFeedChangesOlderThan(db: Executor, age: string): Promise<number> {
  const [row] = await queryRows(
    db,
    sql`with gone as (delete from feed_changes where changed_at < now() - ${age}::interval returning 1)
        select count(*)::int as n from gone`,
  );
  return Number(row?.n ?? 0);
}
