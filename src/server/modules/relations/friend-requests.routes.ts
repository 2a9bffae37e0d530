import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import type { FriendRequestsService } from './friend-requests.service.ts';
import {
  acceptFriendRequestSchema,
  cancelFriendRequestSchema,
  declineFriendRequestSchema,
  listFriendRequestsSchema,
  sendFriendRequestSchema,
} from './relations.schema.ts';

export const friendRequestsRoutes: FastifyPluginAsyncZod<{ friendRequests: FriendRequestsService }> = async (
  app,
  { friendRequests },
) => {
  app.post(
    '/users/:username/friend-request',
    { schema: sendFriendRequestSchema, config: { auth: 'required' } },
    async (req, reply) => {
      const { outcome, request } = await friendRequests.send(actorOf(req), req.params.username, req.body);
      return reply.code(outcome === 'created' ? 201 : 200).send({ data: request });
    },
  );

  app.get(
    '/friend-requests',
    { schema: listFriendRequestsSchema, config: { auth: 'required' } },
    async (req) => {
      const { direction, ...page } = req.query;
      const result = await friendRequests.listPending(actorOf(req), direction, page);
      return { data: result.items, meta: result.meta };
    },
  );

  app.post(
    '/friend-requests/:id/accept',
    { schema: acceptFriendRequestSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await friendRequests.accept(actorOf(req), req.params.id),
    }),
  );

  app.post(
    '/friend-requests/:id/decline',
    { schema: declineFriendRequestSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await friendRequests.decline(actorOf(req), req.params.id),
    }),
  );

  app.delete(
    '/friend-requests/:id',
    { schema: cancelFriendRequestSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await friendRequests.cancel(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
};
