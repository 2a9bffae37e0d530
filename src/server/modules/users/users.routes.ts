import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import { getUserSchema, listUsersSchema } from './users.schema.ts';
import type { UsersService } from './users.service.ts';

export const usersRoutes: FastifyPluginAsyncZod<{ users: UsersService }> = async (app, { users }) => {
  app.get('/users', { schema: listUsersSchema, config: { auth: 'optional' } }, async (req) => {
    const { q, ...query } = req.query;
    if (q !== undefined) {
      const found = await users.searchMembers(actorOf(req), q.replace(/^@/, ''), query.limit);
      return { data: found, meta: { nextCursor: null, hasMore: false } };
    }
    const page = await users.listMembers(req.actor?.userId ?? null, query);
    return { data: page.items, meta: page.meta };
  });

  app.get('/users/:username', { schema: getUserSchema, config: { auth: 'optional' } }, async (req) => ({
    data: await users.getProfile(req.actor?.userId ?? null, req.params.username),
  }));
};
