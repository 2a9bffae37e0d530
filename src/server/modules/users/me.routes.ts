import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import { getMeSchema, updateMeSchema } from './me.schema.ts';
import type { UsersService } from './users.service.ts';

export interface MeRoutesOptions {
  users: UsersService;
}

/** The signed-in dancer's own profile and settings (the password routes are the auth module's). */
export const meRoutes: FastifyPluginAsyncZod<MeRoutesOptions> = async (app, { users }) => {
  app.get('/me', { schema: getMeSchema, config: { auth: 'required' } }, async (req) => ({
    data: await users.getMe(actorOf(req)),
  }));

  app.patch('/me', { schema: updateMeSchema, config: { auth: 'required' } }, async (req) => ({
    data: await users.updateMe(actorOf(req), req.body),
  }));
};
