import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getUserSchema, listUsersSchema } from './users.schema.ts';
import type { UsersService } from './users.service.ts';

export const usersRoutes: FastifyPluginAsyncZod<{ users: UsersService }> = async (app, { users }) => {
  app.get('/users', { schema: listUsersSchema, onRequest: app.optionalUser }, async (req) => {
    const page = await users.listMembers(req.actor?.userId ?? null, req.query);
    return { data: page.items, meta: page.meta };
  });

  app.get('/users/:username', { schema: getUserSchema, onRequest: app.optionalUser }, async (req) => ({
    data: await users.getProfile(req.actor?.userId ?? null, req.params.username),
  }));
};
