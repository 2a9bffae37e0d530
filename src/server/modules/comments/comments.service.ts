import type { Comment } from '../../../contract/social.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { MemoryRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { transact, type EventBus } from '../../lib/events.ts';
import { cursorOf, toPage, type Page } from '../../lib/pagination.ts';
import type { MemoriesService } from '../memories/memories.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { toUserSummary } from '../users/users.service.ts';
import {
  addToLikeCount,
  addToReplyCount,
  deleteCommentLike,
  deleteCommentRow,
  findCommentView,
  insertComment,
  insertCommentLike,
  listComments,
  updateCommentBody,
  type CommentView,
} from './comments.repo.ts';
import type { CreateCommentBody, ListCommentsQuery } from './comments.schema.ts';
import { subtractUserComments } from './forget-user.repo.ts';

export interface CommentsServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  memories: MemoriesService;
  notifications: NotificationsService;
}

export interface CommentLikes {
  likeCount: number;
  likedByMe: boolean;
}

export type CommentsService = ReturnType<typeof createCommentsService>;

function toComment(v: CommentView): Comment {
  return {
    id: v.id,
    memoryId: v.memoryId,
    parentId: v.parentId,
    author: toUserSummary({ id: v.authorId, username: v.username, displayName: v.displayName }),
    body: v.body,
    likeCount: v.likeCount,
    likedByMe: v.likedByMe,
    replyCount: v.replyCount,
    createdAt: v.createdAt.toISOString(),
    editedAt: v.editedAt?.toISOString() ?? null,
  };
}

const invalidParent = () =>
  errors.validation([{ path: 'body.parentId', message: 'Must be a top-level comment of this memory' }]);

export function createCommentsService(deps: CommentsServiceDeps) {
  const { db, events, clock, memories, notifications } = deps;

  /**
   * The comment and its memory, or NOT_FOUND when either is missing or the memory is hidden from
   * the viewer: a comment on a memory you cannot see does not exist for you.
   */
  async function load(
    tx: Transaction,
    viewerId: string,
    commentId: string,
  ): Promise<{ comment: CommentView; memory: MemoryRow }> {
    const comment = await findCommentView(tx, viewerId, commentId);
    if (!comment) throw errors.notFound('Comment');
    try {
      return { comment, memory: await memories.findVisible(viewerId, comment.memoryId, tx) };
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw errors.notFound('Comment');
      throw err;
    }
  }

  async function view(tx: Transaction, viewerId: string, commentId: string): Promise<Comment> {
    const v = await findCommentView(tx, viewerId, commentId);
    if (!v) throw errors.notFound('Comment');
    return toComment(v);
  }

  async function likesOf(tx: Transaction, viewerId: string, commentId: string): Promise<CommentLikes> {
    const v = await findCommentView(tx, viewerId, commentId);
    if (!v) throw errors.notFound('Comment');
    return { likeCount: v.likeCount, likedByMe: v.likedByMe };
  }

  /** Loads a comment the actor may react to: on a visible memory, with no block between them. */
  async function loadLikeable(tx: Transaction, actor: Actor, commentId: string): Promise<CommentView> {
    const { comment } = await load(tx, actor.userId, commentId);
    if (comment.blocked) throw errors.notFound('Comment');
    return comment;
  }

  /**
   * Adds or takes back the actor's like. Only a row actually added or removed moves like_count and
   * tells the listeners, so repeating either changes nothing.
   */
  function setLike(actor: Actor, commentId: string, liked: boolean): Promise<CommentLikes> {
    return transact(db, events, async (tx, emit) => {
      const comment = await loadLikeable(tx, actor, commentId);
      const changed = liked
        ? await insertCommentLike(tx, commentId, actor.userId)
        : await deleteCommentLike(tx, commentId, actor.userId);
      if (changed) {
        await addToLikeCount(tx, commentId, liked ? 1 : -1);
        emit('reaction.changed', {
          memoryId: comment.memoryId,
          commentId,
          userId: actor.userId,
          at: clock.now(),
        });
      }
      return likesOf(tx, actor.userId, commentId);
    });
  }

  return {
    /** Before an account is deleted: its comments come off other people's counts. */
    forgetUser: (tx: Transaction, userId: string) => subtractUserComments(tx, userId),

    /** A page of a memory's comments (top-level, or one comment's replies), oldest first. */
    async listComments(
      viewer: Actor | null,
      memoryId: string,
      query: ListCommentsQuery,
    ): Promise<Page<Comment>> {
      const viewerId = viewer?.userId ?? null;
      await memories.findVisible(viewerId, memoryId);
      const rows = await listComments(db, {
        memoryId,
        viewerId,
        parentId: query.parentId ?? null,
        authorUsername: query.author,
        cursor: cursorOf(query),
        limit: query.limit,
      });
      const page = toPage(rows, query.limit);
      return { items: page.items.map(toComment), meta: page.meta };
    },

    /** Adds a comment or a one-level reply, keeps the counters and notifies the people it concerns. */
    async createComment(actor: Actor, memoryId: string, input: CreateCommentBody): Promise<Comment> {
      return transact(db, events, async (tx, emit) => {
        const memory = await memories.findVisible(actor.userId, memoryId, tx);
        let parent: CommentView | undefined;
        if (input.parentId !== undefined) {
          parent = await findCommentView(tx, actor.userId, input.parentId);
          const valid = parent?.memoryId === memoryId && parent.parentId === null && !parent.blocked;
          // Locks the parent before the reply goes in, in the same order a deletion takes.
          if (!valid || !(await addToReplyCount(tx, input.parentId, 1))) throw invalidParent();
        }
        const at = clock.now();
        const row = await insertComment(tx, {
          memoryId,
          authorId: actor.userId,
          parentId: parent?.id ?? null,
          body: input.body,
          createdAt: at,
        });
        await memories.adjustCommentCount(tx, memoryId, 1);

        const base = { actorId: actor.userId, memoryId, commentId: row.id };
        if (parent) await notifications.record(tx, emit, { ...base, userId: parent.authorId, type: 'reply' });
        // One notification per person: the memory's author who is also the parent's got the reply.
        if (memory.authorId !== parent?.authorId) {
          await notifications.record(tx, emit, { ...base, userId: memory.authorId, type: 'comment' });
        }
        emit('comment.created', { commentId: row.id, memoryId, authorId: actor.userId, at });
        return view(tx, actor.userId, row.id);
      });
    },

    /** Replaces the text of the actor's own comment and marks it edited. */
    async updateComment(actor: Actor, commentId: string, body: string): Promise<Comment> {
      return transact(db, events, async (tx, emit) => {
        const { comment } = await load(tx, actor.userId, commentId);
        if (comment.authorId !== actor.userId) {
          throw comment.blocked
            ? errors.notFound('Comment')
            : errors.forbidden('Only its author can edit a comment.');
        }
        const at = clock.now();
        if (!(await updateCommentBody(tx, commentId, body, at))) throw errors.notFound('Comment');
        emit('comment.updated', { commentId, memoryId: comment.memoryId, authorId: comment.authorId, at });
        return view(tx, actor.userId, commentId);
      });
    },

    /** Deletes a comment (its author or the memory's author); a top-level comment takes its replies along. */
    async deleteComment(actor: Actor, commentId: string): Promise<void> {
      await transact(db, events, async (tx, emit) => {
        const { comment, memory } = await load(tx, actor.userId, commentId);
        const isAllowed = comment.authorId === actor.userId || memory.authorId === actor.userId;
        if (!isAllowed) {
          throw comment.blocked
            ? errors.notFound('Comment')
            : errors.forbidden("Only its author or the memory's author can delete a comment.");
        }
        // Parent before reply, the order in which a reply is created, so the two never deadlock.
        if (comment.parentId !== null) await addToReplyCount(tx, comment.parentId, -1);
        const deleted = await deleteCommentRow(tx, commentId);
        // Gone meanwhile: rolling back also undoes the parent's decrement.
        if (!deleted) throw errors.notFound('Comment');
        await memories.adjustCommentCount(tx, deleted.memoryId, -(1 + deleted.replyCount));
        emit('comment.deleted', {
          commentId,
          memoryId: deleted.memoryId,
          authorId: comment.authorId,
          at: clock.now(),
        });
      });
    },

    /** Likes a comment; liking twice changes nothing. */
    async likeComment(actor: Actor, commentId: string): Promise<CommentLikes> {
      return setLike(actor, commentId, true);
    },

    /** Takes back a like; a like that is not there changes nothing. */
    async unlikeComment(actor: Actor, commentId: string): Promise<CommentLikes> {
      return setLike(actor, commentId, false);
    },
  };
}
