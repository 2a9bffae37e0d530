import { randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { constantTimeEqual } from '../../lib/secure-compare.ts';
import { REFRESH_TOKEN_TTL_MS } from './tokens.ts';

export const REFRESH_COOKIE = 'abrazo_refresh';
export const CSRF_COOKIE = 'abrazo_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const AUTH_PATH = '/api/v1/auth';

export interface CookiePolicy {
  secure: boolean;
}

/** The refresh token, httpOnly and sent only to the auth routes. */
export function setRefreshCookie(reply: FastifyReply, token: string, policy: CookiePolicy): void {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: policy.secure,
    path: AUTH_PATH,
    maxAge: Math.floor(REFRESH_TOKEN_TTL_MS / 1000),
  });
}

/**
 * Double-submit CSRF token: a random value in a cookie the web app can read and must echo in
 * X-CSRF-Token. A cross-site page can make the browser send the cookie but cannot read it.
 */
export function setCsrfCookie(reply: FastifyReply, policy: CookiePolicy): string {
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, {
    httpOnly: false,
    sameSite: 'strict',
    secure: policy.secure,
    path: '/',
    maxAge: Math.floor(REFRESH_TOKEN_TTL_MS / 1000),
  });
  return token;
}

export function clearAuthCookies(reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(REFRESH_COOKIE, {
    path: AUTH_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: policy.secure,
  });
  reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'strict', secure: policy.secure });
}

export function refreshCookieOf(req: FastifyRequest): string | undefined {
  const value = req.cookies[REFRESH_COOKIE];
  return value ? value : undefined;
}

/** Throws CSRF_INVALID unless the X-CSRF-Token header matches the CSRF cookie. */
export function assertCsrf(req: FastifyRequest): void {
  const cookie = req.cookies[CSRF_COOKIE];
  const header = req.headers[CSRF_HEADER];
  if (!cookie || typeof header !== 'string' || !header) throw new AppError('CSRF_INVALID');
  if (!constantTimeEqual(cookie, header)) throw new AppError('CSRF_INVALID');
}
