import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { memories, type MemoryRow, type ReactionType } from '../../db/schema/index.ts';
import { memoryVisibleTo } from '../relations/visibility.ts';

/** The memory if it exists and the viewer may see it. */
export async function findVisibleMemory(
  db: Executor,
  viewerId: string | null,
  memoryId: string,
): Promise<MemoryRow | undefined> {
  const [row] = await db
    .select()
    .from(memories)
    .where(and(eq(memories.id, memoryId), memoryVisibleTo(viewerId, memories.authorId, memories.visibility)))
    .limit(1);
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
