import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { memoryReactions, type ReactionType } from '../../db/schema/index.ts';

export interface ReactionKey {
  memoryId: string;
  userId: string;
  type: ReactionType;
}

/** True only when this call created the reaction. */
export async function insertReaction(db: Executor, key: ReactionKey): Promise<boolean> {
  const rows = await db
    .insert(memoryReactions)
    .values(key)
    .onConflictDoNothing()
    .returning({ type: memoryReactions.type });
  return rows.length > 0;
}

/** True only when this call removed the reaction. */
export async function deleteReaction(db: Executor, key: ReactionKey): Promise<boolean> {
  const rows = await db
    .delete(memoryReactions)
    .where(
      and(
        eq(memoryReactions.memoryId, key.memoryId),
        eq(memoryReactions.userId, key.userId),
        eq(memoryReactions.type, key.type),
      ),
    )
    .returning({ type: memoryReactions.type });
  return rows.length > 0;
}

/** One user's reactions on some memories (a prefix of memory_reactions_pkey per memory). */
export async function listUserReactions(
  db: Executor,
  userId: string,
  memoryIds: string[],
): Promise<{ memoryId: string; type: ReactionType }[]> {
  if (memoryIds.length === 0) return [];
  return db
    .select({ memoryId: memoryReactions.memoryId, type: memoryReactions.type })
    .from(memoryReactions)
    .where(and(inArray(memoryReactions.memoryId, memoryIds), eq(memoryReactions.userId, userId)));
}
