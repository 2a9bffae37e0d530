import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import {
  listNotificationsSchema,
  markAllReadSchema,
  markReadSchema,
  unreadCountSchema,
} from './notifications.schema.ts';
import type { NotificationsService } from './notifications.service.ts';

export const notificationsRoutes: FastifyPluginAsyncZod<{ notifications: NotificationsService }> = async (
  app,
  { notifications },
) => {
  app.get(
    '/notifications',
    { schema: listNotificationsSchema, config: { auth: 'required' } },
    async (req) => {
      const page = await notifications.list(actorOf(req), req.query);
      return { data: page.items, meta: page.meta };
    },
  );

  app.get(
    '/notifications/unread-count',
    { schema: unreadCountSchema, config: { auth: 'required' } },
    async (req) => ({
      data: { count: await notifications.unreadCount(actorOf(req)) },
    }),
  );

  app.post(
    '/notifications/read-all',
    { schema: markAllReadSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await notifications.markAllRead(actorOf(req));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/notifications/:id/read',
    { schema: markReadSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await notifications.markRead(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
};
