import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, sessionCookieNames } from '../../../contract/auth.ts';
import { AppError } from '../../lib/errors.ts';
import { constantTimeEqual } from '../../lib/secure-compare.ts';
import { REFRESH_TOKEN_TTL_MS } from './tokens.ts';

const AUTH_PATH = '/api/v1/auth';

export interface CookiePolicy {
  /** Served over HTTPS: Secure cookies with the __Host- prefix. */
  secure: boolean;
}

// __Host- requires Path=/; over HTTP the refresh token goes only to the auth routes.
const refreshPath = (policy: CookiePolicy) => (policy.secure ? '/' : AUTH_PATH);

/** The refresh token, httpOnly. */
export function setRefreshCookie(reply: FastifyReply, token: string, policy: CookiePolicy): void {
  reply.setCookie(sessionCookieNames(policy.secure).refresh, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: policy.secure,
    path: refreshPath(policy),
    maxAge: Math.floor(REFRESH_TOKEN_TTL_MS / 1000),
  });
}

/**
 * The CSRF token (bound to the session, see csrf.ts) in a cookie the web app can read and must echo
 * in X-CSRF-Token. A cross-site page can make the browser send the cookie but cannot read it.
 */
export function setCsrfCookie(reply: FastifyReply, token: string, policy: CookiePolicy): void {
  reply.setCookie(sessionCookieNames(policy.secure).csrf, token, {
    httpOnly: false,
    sameSite: 'strict',
    secure: policy.secure,
    path: '/',
    maxAge: Math.floor(REFRESH_TOKEN_TTL_MS / 1000),
  });
}

export function clearAuthCookies(reply: FastifyReply, policy: CookiePolicy): void {
  const names = sessionCookieNames(policy.secure);
  reply.clearCookie(names.refresh, {
    path: refreshPath(policy),
    httpOnly: true,
    sameSite: 'strict',
    secure: policy.secure,
  });
  reply.clearCookie(names.csrf, { path: '/', sameSite: 'strict', secure: policy.secure });
}

export function refreshCookieOf(req: FastifyRequest, policy: CookiePolicy): string | undefined {
  const value = req.cookies[sessionCookieNames(policy.secure).refresh];
  return value ? value : undefined;
}

/**
 * The CSRF token a cookie-authenticated request echoes: X-CSRF-Token must equal the CSRF cookie, or
 * CSRF_INVALID. The auth service then checks that it is bound to the refresh token's session.
 */
export function echoedCsrfToken(req: FastifyRequest, policy: CookiePolicy): string {
  const cookie = req.cookies[sessionCookieNames(policy.secure).csrf];
  const header = req.headers[CSRF_HEADER];
  if (!cookie || typeof header !== 'string' || !header) throw new AppError('CSRF_INVALID');
  if (!constantTimeEqual(cookie, header)) throw new AppError('CSRF_INVALID');
  return header;
}
