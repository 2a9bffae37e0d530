import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AuthResult } from '../../src/contract/auth.ts';

export const STRONG_PASSWORD = 'bandoneon-en-la-madrugada';

export interface RegisteredUser {
  username: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  csrfToken: string;
  user: AuthResult['user'];
  res: LightMyRequestResponse;
}

export function uniqueHandle(prefix = 'dancer'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Cookies set by a response, by name. */
export function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

/** Registers through the API in cookie mode and returns what a browser would hold. */
export async function registerUser(
  app: FastifyInstance,
  overrides: Record<string, unknown> = {},
): Promise<RegisteredUser> {
  const username = uniqueHandle();
  const body = {
    email: `${username}@example.test`,
    username,
    password: STRONG_PASSWORD,
    displayName: 'Ana Milonguera',
    ...overrides,
  };
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const data = res.json<{ data: AuthResult }>().data;
  const cookies = cookiesOf(res);
  return {
    username: String(body.username),
    email: String(body.email),
    password: String(body.password),
    accessToken: data.accessToken,
    refreshToken: cookies.abrazo_refresh ?? '',
    csrfToken: cookies.abrazo_csrf ?? '',
    user: data.user,
    res,
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Headers for a cookie-authenticated auth request (refresh, logout) with the CSRF echo. */
export function cookieAuth(
  u: { refreshToken: string; csrfToken: string },
  csrf = u.csrfToken,
): Record<string, string> {
  return {
    cookie: `abrazo_refresh=${u.refreshToken}; abrazo_csrf=${u.csrfToken}`,
    'x-csrf-token': csrf,
  };
}
