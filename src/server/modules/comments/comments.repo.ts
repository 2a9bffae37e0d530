import { and, asc, eq, isNull, not, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { commentLikes, comments, users, type CommentRow } from '../../db/schema/index.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';
import { blockedEitherWay } from '../../db/relation-predicates.ts';

function viewerRef(viewerId: string): SQL {
  return sql`${viewerId}::uuid`;
}

/** A comment as one viewer sees it: the row, its author's summary and whether the viewer liked it. */
function viewColumns(viewerId: string | null, { checkBlocked = true } = {}) {
  return {
    id: comments.id,
    memoryId: comments.memoryId,
    parentId: comments.parentId,
    authorId: comments.authorId,
    body: comments.body,
    likeCount: comments.likeCount,
    replyCount: comments.replyCount,
    createdAt: comments.createdAt,
    editedAt: comments.editedAt,
    username: users.username,
    displayName: users.displayName,
    likedByMe:
      viewerId === null
        ? sql<boolean>`false`
        : sql<boolean>`exists (select 1 from ${commentLikes} where ${commentLikes.commentId} = ${comments.id} and ${commentLikes.userId} = ${viewerRef(viewerId)})`,
    blocked:
      viewerId === null || !checkBlocked
        ? sql<boolean>`false`
        : sql<boolean>`${blockedEitherWay(viewerRef(viewerId), comments.authorId)}`,
  };
}

export interface CommentView extends Cursor {
  id: string;
  memoryId: string;
  parentId: string | null;
  authorId: string;
  body: string;
  likeCount: number;
  replyCount: number;
  editedAt: Date | null;
  username: string;
  displayName: string;
  likedByMe: boolean;
  /** A block stands between the viewer and the comment's author. */
  blocked: boolean;
}

export interface ListCommentsFilter {
  memoryId: string;
  viewerId: string | null;
  /** null: top-level comments only. */
  parentId: string | null;
  authorUsername?: string | undefined;
  cursor?: Cursor | undefined;
  limit: number;
}

/** Oldest first, in comments_memory_created_idx order; blocked authors are left out. */
export function listCommentsQuery(db: Executor, f: ListCommentsFilter) {
  const conditions: (SQL | undefined)[] = [
    eq(comments.memoryId, f.memoryId),
    f.parentId === null ? isNull(comments.parentId) : eq(comments.parentId, f.parentId),
    f.authorUsername === undefined ? undefined : eq(users.username, f.authorUsername),
    f.viewerId === null ? undefined : not(blockedEitherWay(viewerRef(f.viewerId), comments.authorId)),
    afterCursor(comments.createdAt, comments.id, f.cursor, 'asc'),
  ];
  return (
    db
      // Blocked authors are filtered out, so no row needs the flag.
      .select(viewColumns(f.viewerId, { checkBlocked: false }))
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(and(...conditions))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .limit(f.limit + 1)
  );
}

export async function listComments(db: Executor, f: ListCommentsFilter): Promise<CommentView[]> {
  return listCommentsQuery(db, f);
}

export async function findCommentView(
  db: Executor,
  viewerId: string | null,
  id: string,
): Promise<CommentView | undefined> {
  const [row] = await db
    .select(viewColumns(viewerId))
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.id, id))
    .limit(1);
  return row;
}

export async function insertComment(
  db: Executor,
  values: Pick<CommentRow, 'memoryId' | 'authorId' | 'parentId' | 'body' | 'createdAt'>,
): Promise<CommentRow> {
  const [row] = await db
    .insert(comments)
    .values({ ...values, updatedAt: values.createdAt })
    .returning();
  if (!row) throw new Error('insert into comments returned no row');
  return row;
}

export async function updateCommentBody(db: Executor, id: string, body: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(comments)
    .set({ body, editedAt: at, updatedAt: at })
    .where(eq(comments.id, id))
    .returning({ id: comments.id });
  return rows.length > 0;
}

/**
 * Deletes one comment; its replies go with it by cascade. Returns what the counters need, as of the
 * moment of deletion (the row is locked, so reply_count is exact), or undefined if it was already gone.
 */
export async function deleteCommentRow(
  db: Executor,
  id: string,
): Promise<Pick<CommentRow, 'memoryId' | 'parentId' | 'replyCount'> | undefined> {
  const [row] = await db
    .delete(comments)
    .where(eq(comments.id, id))
    .returning({ memoryId: comments.memoryId, parentId: comments.parentId, replyCount: comments.replyCount });
  return row;
}

/** Adds to a top-level comment's reply count; false when it no longer exists (or is a reply). */
export async function addToReplyCount(db: Executor, id: string, delta: number): Promise<boolean> {
  const rows = await db
    .update(comments)
    .set({ replyCount: sql`greatest(${comments.replyCount} + ${delta}, 0)` })
    .where(and(eq(comments.id, id), isNull(comments.parentId)))
    .returning({ id: comments.id });
  return rows.length > 0;
}

export async function addToLikeCount(db: Executor, id: string, delta: number): Promise<void> {
  await db
    .update(comments)
    .set({ likeCount: sql`greatest(${comments.likeCount} + ${delta}, 0)` })
    .where(eq(comments.id, id));
}

/** True only when this call created the like. */
export async function insertCommentLike(db: Executor, commentId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(commentLikes)
    .values({ commentId, userId })
    .onConflictDoNothing()
    .returning({ commentId: commentLikes.commentId });
  return rows.length > 0;
}

/** True only when this call removed the like. */
export async function deleteCommentLike(db: Executor, commentId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(commentLikes)
    .where(and(eq(commentLikes.commentId, commentId), eq(commentLikes.userId, userId)))
    .returning({ commentId: commentLikes.commentId });
  return rows.length > 0;
}
