import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RateLimits } from '../../config.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { AccountService } from '../auth/account.service.ts';
import { clearAuthCookies, type CookiePolicy } from '../auth/auth.cookies.ts';
import { changePasswordSchema, deleteMeSchema, getMeSchema, updateMeSchema } from './me.schema.ts';
import type { UsersService } from './users.service.ts';

export interface MeRoutesOptions {
  users: UsersService;
  account: AccountService;
  cookies: CookiePolicy;
  limits: RateLimits;
}

export const meRoutes: FastifyPluginAsyncZod<MeRoutesOptions> = async (app, opts) => {
  const { users, account, cookies, limits } = opts;
  // Routes that check the password get the login limit, so a stolen access token cannot guess it.
  const passwordCheckLimit = app.limiter({
    name: 'password-check',
    max: limits.loginPerAccountPer15Min,
    windowMs: 15 * 60_000,
    key: (req) => req.actor?.userId,
  });

  app.get('/me', { schema: getMeSchema, config: { auth: 'required' } }, async (req) => ({
    data: await users.getMe(actorOf(req)),
  }));

  app.patch('/me', { schema: updateMeSchema, config: { auth: 'required' } }, async (req) => ({
    data: await users.updateMe(actorOf(req), req.body),
  }));

  app.patch(
    '/me/password',
    { schema: changePasswordSchema, config: { auth: 'required' }, preHandler: passwordCheckLimit },
    async (req, reply) => {
      await account.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/me',
    { schema: deleteMeSchema, config: { auth: 'required' }, preHandler: passwordCheckLimit },
    async (req, reply) => {
      await account.deleteAccount(actorOf(req), req.body.password);
      clearAuthCookies(reply, cookies);
      return reply.code(204).send(null);
    },
  );
};
