import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import type { RateLimits } from '../../plugins/rate-limit.ts';
import { changeEmailSchema, changePasswordSchema, deleteMeSchema } from './account.schema.ts';
import type { AccountService } from './account.service.ts';
import { clearAuthCookies, type CookiePolicy } from './auth.cookies.ts';

export interface AccountRoutesOptions {
  account: AccountService;
  cookies: CookiePolicy;
  limits: RateLimits;
}

/** The /me routes that check the password: changing it or the email, and deleting the account. */
export const accountRoutes: FastifyPluginAsyncZod<AccountRoutesOptions> = async (app, opts) => {
  const { account, cookies, limits } = opts;
  // They get the login limit, so a stolen access token cannot guess the password.
  const passwordCheckLimit = app.limiter({
    name: 'password-check',
    max: limits.loginPerAccountPer15Min,
    windowMs: 15 * 60_000,
    key: (req) => req.actor?.userId,
  });

  app.patch(
    '/me/password',
    { schema: changePasswordSchema, config: { auth: 'required' }, preHandler: passwordCheckLimit },
    async (req, reply) => {
      await account.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  app.patch(
    '/me/email',
    { schema: changeEmailSchema, config: { auth: 'required' }, preHandler: passwordCheckLimit },
    async (req) => ({
      data: await account.changeEmail(actorOf(req), req.body.email, req.body.password),
    }),
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
