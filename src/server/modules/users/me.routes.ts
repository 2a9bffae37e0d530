import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import type { AccountService } from '../auth/account.service.ts';
import { clearAuthCookies, type CookiePolicy } from '../auth/auth.cookies.ts';
import { changePasswordSchema, deleteMeSchema, getMeSchema, updateMeSchema } from './me.schema.ts';
import type { UsersService } from './users.service.ts';

export interface MeRoutesOptions {
  users: UsersService;
  account: AccountService;
  cookies: CookiePolicy;
}

export const meRoutes: FastifyPluginAsyncZod<MeRoutesOptions> = async (app, { users, account, cookies }) => {
  app.addHook('onRequest', app.requireUser);

  app.get('/me', { schema: getMeSchema }, async (req) => ({ data: await users.getMe(actorOf(req)) }));

  app.patch('/me', { schema: updateMeSchema }, async (req) => ({
    data: await users.updateMe(actorOf(req), req.body),
  }));

  app.patch('/me/password', { schema: changePasswordSchema }, async (req, reply) => {
    await account.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword);
    return reply.code(204).send(null);
  });

  app.delete('/me', { schema: deleteMeSchema }, async (req, reply) => {
    await account.deleteAccount(actorOf(req), req.body.password);
    clearAuthCookies(reply, cookies);
    return reply.code(204).send(null);
  });
};
