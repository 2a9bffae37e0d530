import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import {
  createCommentSchema,
  deleteCommentSchema,
  likeCommentSchema,
  listCommentsSchema,
  unlikeCommentSchema,
  updateCommentSchema,
} from './comments.schema.ts';
import type { CommentsService } from './comments.service.ts';

export const commentsRoutes: FastifyPluginAsyncZod<{ comments: CommentsService }> = async (
  app,
  { comments },
) => {
  app.get(
    '/memories/:id/comments',
    { schema: listCommentsSchema, config: { auth: 'optional' } },
    async (req) => {
      const page = await comments.listComments(req.actor, req.params.id, req.query);
      return { data: page.items, meta: page.meta };
    },
  );

  app.post(
    '/memories/:id/comments',
    { schema: createCommentSchema, config: { auth: 'required', idempotent: true } },
    async (req, reply) => {
      const comment = await comments.createComment(actorOf(req), req.params.id, req.body);
      return reply.code(201).send({ data: comment });
    },
  );

  app.patch('/comments/:id', { schema: updateCommentSchema, config: { auth: 'required' } }, async (req) => ({
    data: await comments.updateComment(actorOf(req), req.params.id, req.body.body),
  }));

  app.delete(
    '/comments/:id',
    { schema: deleteCommentSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await comments.deleteComment(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/comments/:id/reactions/:type',
    { schema: likeCommentSchema, config: { auth: 'required' } },
    async (req) => ({ data: await comments.likeComment(actorOf(req), req.params.id) }),
  );

  app.delete(
    '/comments/:id/reactions/:type',
    { schema: unlikeCommentSchema, config: { auth: 'required' } },
    async (req) => ({ data: await comments.unlikeComment(actorOf(req), req.params.id) }),
  );
};
