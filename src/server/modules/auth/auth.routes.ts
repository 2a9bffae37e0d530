import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RateLimits } from '../../plugins/rate-limit.ts';
import { AppError } from '../../lib/errors.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { AccountService } from './account.service.ts';
import {
  clearAuthCookies,
  echoedCsrfToken,
  refreshCookieOf,
  setCsrfCookie,
  setRefreshCookie,
  type CookiePolicy,
} from './auth.cookies.ts';
import {
  csrfSchema,
  forgotPasswordSchema,
  listSessionsSchema,
  loginSchema,
  logoutAllSchema,
  logoutSchema,
  refreshSchema,
  registerSchema,
  resendVerificationSchema,
  resetPasswordSchema,
  revokeSessionSchema,
  verifyEmailSchema,
} from './auth.schema.ts';
import type { AuthService, ClientContext, IssuedTokens, PresentedRefreshToken } from './auth.service.ts';

export interface AuthRoutesOptions {
  auth: AuthService;
  account: AccountService;
  cookies: CookiePolicy;
  limits: RateLimits;
}

const MINUTE = 60_000;

function bodyString(req: FastifyRequest, field: string): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || !(field in body)) return undefined;
  const value: unknown = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
}

function clientContext(req: FastifyRequest): ClientContext {
  return { userAgent: req.headers['user-agent'] ?? '', acceptLanguage: req.headers['accept-language'] };
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  const { auth, account, cookies, limits } = opts;

  /** Hands out tokens: the refresh token as a cookie (browsers) or in the body (other clients). */
  function respond(reply: FastifyReply, issued: IssuedTokens, refreshIn: 'cookie' | 'body') {
    const { accessToken, expiresIn, user, refreshToken } = issued;
    if (refreshIn === 'body') return { data: { accessToken, expiresIn, user, refreshToken } };
    setRefreshCookie(reply, refreshToken, cookies);
    setCsrfCookie(reply, issued.csrfToken, cookies);
    return { data: { accessToken, expiresIn, user } };
  }

  /** A body refresh token (no CSRF needed) or the cookie with the CSRF token it must come with. */
  function presentedRefreshToken(
    req: FastifyRequest,
    bodyToken: string | undefined,
  ): PresentedRefreshToken | undefined {
    if (bodyToken) return { via: 'body', token: bodyToken };
    const cookie = refreshCookieOf(req, cookies);
    if (!cookie) return undefined;
    return { via: 'cookie', token: cookie, csrfToken: echoedCsrfToken(req, cookies) };
  }

  const registerLimit = app.limiter({
    name: 'register-ip',
    max: limits.registerPerIpPerHour,
    windowMs: 60 * MINUTE,
    key: (req) => req.ip,
  });
  const loginIpLimit = app.limiter({
    name: 'login-ip',
    max: limits.loginPerIpPer15Min,
    windowMs: 15 * MINUTE,
    key: (req) => req.ip,
  });
  const loginAccountLimit = app.limiter({
    name: 'login-account',
    max: limits.loginPerAccountPer15Min,
    windowMs: 15 * MINUTE,
    // Counted per account, so trying its email and its username shares one budget.
    key: async (req) => {
      const login = bodyString(req, 'login');
      return login === undefined ? undefined : `${req.ip}|${await auth.loginKey(login)}`;
    },
  });
  const resetLimit = app.limiter({
    name: 'password-reset-account',
    max: limits.passwordResetPerAccountPerHour,
    windowMs: 60 * MINUTE,
    key: (req) => bodyString(req, 'email'),
  });

  const resetIpLimit = app.limiter({
    name: 'password-reset-ip',
    max: limits.passwordResetPerIpPerHour,
    windowMs: 60 * MINUTE,
    key: (req) => req.ip,
  });

  app.post('/auth/register', { schema: registerSchema, preHandler: registerLimit }, async (req, reply) => {
    const issued = await auth.register(req.body, clientContext(req));
    reply.code(201);
    return respond(reply, issued, req.body.refreshIn);
  });

  app.post(
    '/auth/login',
    { schema: loginSchema, preHandler: [loginIpLimit, loginAccountLimit] },
    async (req, reply) => respond(reply, await auth.login(req.body, clientContext(req)), req.body.refreshIn),
  );

  app.post(
    '/auth/refresh',
    { schema: refreshSchema, config: { auth: 'refreshToken' } },
    async (req, reply) => {
      const presented = presentedRefreshToken(req, req.body?.refreshToken);
      if (!presented) throw new AppError('UNAUTHENTICATED', 'No refresh token was presented.');
      try {
        return respond(reply, await auth.refresh(presented), presented.via);
      } catch (err) {
        if (presented.via === 'cookie' && err instanceof AppError && err.code === 'UNAUTHENTICATED') {
          clearAuthCookies(reply, cookies);
        }
        throw err;
      }
    },
  );

  app.post(
    '/auth/logout',
    { schema: logoutSchema, config: { auth: 'accessOrRefreshToken' } },
    async (req, reply) => {
      const sessionId = req.actor
        ? req.actor.sessionId
        : (await sessionOfPresented(req, req.body?.refreshToken))?.sessionId;
      if (sessionId) await auth.revokeSessionById(sessionId, 'logout');
      clearAuthCookies(reply, cookies);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/logout-all',
    { schema: logoutAllSchema, config: { auth: 'accessOrRefreshToken' } },
    async (req, reply) => {
      const userId = req.actor?.userId ?? (await sessionOfPresented(req, req.body?.refreshToken))?.userId;
      if (!userId) throw new AppError('UNAUTHENTICATED', 'The refresh token is invalid or expired.');
      await account.logoutAll(userId);
      clearAuthCookies(reply, cookies);
      return reply.code(204).send(null);
    },
  );

  async function sessionOfPresented(req: FastifyRequest, bodyToken: string | undefined) {
    const presented = presentedRefreshToken(req, bodyToken);
    if (!presented) throw new AppError('UNAUTHENTICATED', 'Present a bearer token or the refresh token.');
    return auth.sessionOfRefreshToken(presented);
  }

  app.get('/auth/sessions', { schema: listSessionsSchema, config: { auth: 'required' } }, async (req) => {
    const page = await account.listSessions(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });

  app.delete(
    '/auth/sessions/:id',
    { schema: revokeSessionSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await account.revokeOwnSession(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get('/auth/csrf', { schema: csrfSchema, config: { auth: 'refreshToken' } }, async (req, reply) => {
    const cookie = refreshCookieOf(req, cookies);
    const csrfToken = cookie ? await auth.csrfTokenFor(cookie) : undefined;
    if (!csrfToken)
      throw new AppError('UNAUTHENTICATED', 'Sign in first: a CSRF token belongs to a session.');
    setCsrfCookie(reply, csrfToken, cookies);
    return { data: { csrfToken } };
  });

  app.post(
    '/auth/password/forgot',
    { schema: forgotPasswordSchema, preHandler: [resetIpLimit, resetLimit] },
    async (req, reply) => {
      account.requestPasswordReset(req.body.email);
      reply.code(202);
      return { data: { accepted: true as const } };
    },
  );

  app.post('/auth/password/reset', { schema: resetPasswordSchema }, async (req, reply) => {
    await account.resetPassword(req.body.token, req.body.password);
    clearAuthCookies(reply, cookies);
    return reply.code(204).send(null);
  });

  app.post('/auth/email/verify', { schema: verifyEmailSchema }, async (req, reply) => {
    await account.verifyEmail(req.body.token);
    return reply.code(204).send(null);
  });

  app.post(
    '/auth/email/verify/resend',
    { schema: resendVerificationSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await auth.resendVerification(actorOf(req));
      reply.code(202);
      return { data: { accepted: true as const } };
    },
  );
};
