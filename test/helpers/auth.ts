import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AuthResult } from '../../src/contract/auth.ts';
import { systemClock } from '../../src/server/lib/clock.ts';
import { createAccessTokens } from '../../src/server/modules/auth/access-tokens.service.ts';
import { testConfig } from './app.ts';

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

/** `count` values of T, as a tuple when count is a literal (`[T, T, T]` for 3). */
type Several<T, N extends number, Acc extends T[] = []> = number extends N
  ? T[]
  : Acc['length'] extends N
    ? Acc
    : Several<T, N, [...Acc, T]>;

/** Registers `count` users one after the other, each as registerUser does. */
export async function registerUsers<N extends number>(
  app: FastifyInstance,
  count: N,
): Promise<Several<RegisteredUser, N>> {
  const users: RegisteredUser[] = [];
  for (let i = 0; i < count; i++) users.push(await registerUser(app));
  return users as Several<RegisteredUser, N>;
}

let tokens: ReturnType<typeof createAccessTokens> | undefined;

/**
 * A valid access token for a user made by a factory, in a session of its own: access tokens are not
 * checked against the database, so no session row is needed (and no password is hashed).
 */
export async function accessTokenFor(userId: string): Promise<string> {
  tokens ??= createAccessTokens(testConfig.jwtSecret, systemClock);
  return (await tokens.sign({ userId, sessionId: randomUUID() })).token;
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
