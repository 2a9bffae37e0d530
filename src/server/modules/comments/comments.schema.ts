import { z } from 'zod';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import { COMMENT_MAX_CHARS } from '../../../contract/rules.ts';
import { commentSchema } from '../../../contract/social.ts';
import { usernameSchema } from '../../../contract/users.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';
import { idempotencyHeaders } from '../idempotency/idempotency.schema.ts';

const tags = ['comments'];

// Counted in code points, as Postgres' char_length does, so an emoji counts once.
export const commentBodySchema = z
  .string()
  .min(1)
  .refine((s) => s.trim().length > 0, 'Must not be blank')
  .refine((s) => [...s].length <= COMMENT_MAX_CHARS, `At most ${COMMENT_MAX_CHARS} characters`)
  .meta({
    maxLength: COMMENT_MAX_CHARS,
    description: `1 to ${COMMENT_MAX_CHARS} characters, not only white space; stored exactly as written`,
  });

export const createCommentBodySchema = z.object({
  body: commentBodySchema,
  parentId: z
    .uuid()
    .optional()
    .describe('Reply to this comment; it must be a top-level comment of the same memory'),
});
export type CreateCommentBody = z.infer<typeof createCommentBodySchema>;

export const updateCommentBodySchema = z.object({ body: commentBodySchema });

export const listCommentsQuerySchema = pageQuerySchema.extend({
  parentId: z.uuid().optional().describe('List the replies of this comment instead of top-level comments'),
  author: usernameSchema.optional().describe("Only this dancer's comments (username)"),
});
export type ListCommentsQuery = z.infer<typeof listCommentsQuerySchema>;

const memoryParams = z.object({ id: z.uuid() });
const commentParams = z.object({ id: z.uuid() });

export const commentLikeSchema = z
  .object({ likeCount: z.number().int(), likedByMe: z.boolean() })
  .meta({ id: 'CommentLikes' });

export const listCommentsSchema = {
  tags,
  operationId: 'listComments',
  summary: "A memory's comments, oldest first",
  description:
    'Without parentId: top-level comments, each with its replyCount; with parentId: the replies of that ' +
    'comment. author narrows either list to one dancer. Comments of dancers blocked either way are left out.',
  params: memoryParams,
  querystring: listCommentsQuerySchema,
  response: { 200: pageEnvelope(commentSchema), ...errorResponses(400, 401, 404) },
};

export const createCommentSchema = {
  tags,
  operationId: 'createComment',
  summary: 'Comment on a memory, or reply to a top-level comment (one level deep)',
  params: memoryParams,
  headers: idempotencyHeaders,
  body: createCommentBodySchema,
  response: { 201: dataEnvelope(commentSchema), ...errorResponses(400, 401, 404, 409) },
};

export const updateCommentSchema = {
  tags,
  operationId: 'updateComment',
  summary: 'Edit your comment',
  params: commentParams,
  body: updateCommentBodySchema,
  response: { 200: dataEnvelope(commentSchema), ...errorResponses(400, 401, 403, 404) },
};

export const deleteCommentSchema = {
  tags,
  operationId: 'deleteComment',
  summary: "Delete a comment (its author or the memory's author)",
  description: "A comment's replies go with it.",
  params: commentParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
};

const likeParams = z.object({
  id: z.uuid(),
  type: z.literal('like').describe('Comments take likes only'),
});

export const likeCommentSchema = {
  tags,
  operationId: 'likeComment',
  summary: 'Like a comment (idempotent)',
  params: likeParams,
  response: { 200: dataEnvelope(commentLikeSchema), ...errorResponses(400, 401, 404) },
};

export const unlikeCommentSchema = {
  tags,
  operationId: 'unlikeComment',
  summary: 'Take back your like of a comment (idempotent)',
  params: likeParams,
  response: { 200: dataEnvelope(commentLikeSchema), ...errorResponses(400, 401, 404) },
};
