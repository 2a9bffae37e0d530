import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import { deleteReactionSchema, putReactionSchema } from './reactions.schema.ts';
import type { ReactionsService } from './reactions.service.ts';

export const reactionsRoutes: FastifyPluginAsyncZod<{ reactions: ReactionsService }> = async (
  app,
  { reactions },
) => {
  app.put(
    '/memories/:id/reactions/:type',
    { schema: putReactionSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await reactions.addReaction(actorOf(req), req.params.id, req.params.type),
    }),
  );

  app.delete(
    '/memories/:id/reactions/:type',
    { schema: deleteReactionSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await reactions.removeReaction(actorOf(req), req.params.id, req.params.type),
    }),
  );
};
