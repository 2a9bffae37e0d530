import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../src/server/db/client.ts';
import { comments, memories, type CommentRow } from '../../src/server/db/schema/index.ts';

type NewComment = typeof comments.$inferInsert;

/**
 * A comment inserted directly, with memories.comment_count and the parent's reply_count kept in
 * step as the service would; pass at least `memoryId` and `authorId`.
 */
export async function createComment(
  db: Executor,
  overrides: Partial<NewComment> & Pick<NewComment, 'memoryId' | 'authorId'>,
): Promise<CommentRow> {
  const [row] = await db
    .insert(comments)
    .values({ body: 'Qué lindo abrazo.', ...overrides })
    .returning();
  if (!row) throw new Error('createComment: insert returned no row');
  await db
    .update(memories)
    .set({ commentCount: sql`${memories.commentCount} + 1` })
    .where(eq(memories.id, row.memoryId));
  if (row.parentId) {
    await db
      .update(comments)
      .set({ replyCount: sql`${comments.replyCount} + 1` })
      .where(eq(comments.id, row.parentId));
  }
  return row;
}
