import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuthResult } from '../../../contract/auth.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import {
  STRONG_PASSWORD,
  bearer,
  cookieAuth,
  cookiesOf,
  registerUser,
  uniqueHandle,
  type RegisteredUser,
} from '../../../../test/helpers/auth.ts';

interface Exchange {
  label: string;
  req: InjectOptions;
  res: LightMyRequestResponse;
  /** The only responses allowed to carry the owner's email. */
  mayShowEmail: boolean;
}

const WRONG_PASSWORD = 'definitely-not-the-password';
const ATTEMPTED_PASSWORDS = [WRONG_PASSWORD, 'Password123', 'corto!9', 'otra-clave-nueva-larga'];

const credentialRows = z.object({ rows: z.array(z.object({ password_hash: z.string() })) });

let t: TestApp;
const exchanges: Exchange[] = [];
let alice: RegisteredUser;
let bob: { username: string; email: string; accessToken: string; refreshToken: string };
let passwordHashes: string[];

/** Sends a request and keeps the exchange for the scans below. */
async function send(label: string, req: InjectOptions, expectedStatus: number, mayShowEmail = false) {
  const res = await t.app.inject(req);
  exchanges.push({ label, req, res, mayShowEmail });
  expect(res.statusCode, `${label}: ${res.body}`).toBe(expectedStatus);
  return res;
}

/** Everything a client receives: status line aside, the headers and the raw body. */
function raw(res: LightMyRequestResponse): string {
  return `${JSON.stringify(res.headers)}\n${res.body}`;
}

async function readPasswordHashes(): Promise<string[]> {
  const result = credentialRows.parse(
    await t.database.db.execute(sql`select password_hash from user_credentials`),
  );
  return result.rows.map((r) => r.password_hash);
}

beforeAll(async () => {
  t = await createTestApp({ captureLogs: true });
  const hashesBefore: string[] = [];

  // Registration, cookie mode and body mode.
  alice = await registerUser(t.app, { city: 'Rosario' });
  exchanges.push({
    label: 'register (cookie)',
    req: { url: '/api/v1/auth/register' },
    res: alice.res,
    mayShowEmail: false,
  });
  const bobName = uniqueHandle();
  const bobRes = await send(
    'register (body)',
    {
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        email: `${bobName}@example.test`,
        username: bobName,
        password: STRONG_PASSWORD,
        displayName: 'Bruno',
        refreshIn: 'body',
      },
    },
    201,
  );
  const bobData = bobRes.json<{ data: AuthResult }>().data;
  bob = {
    username: bobName,
    email: `${bobName}@example.test`,
    accessToken: bobData.accessToken,
    refreshToken: bobData.refreshToken ?? '',
  };
  hashesBefore.push(...(await readPasswordHashes()));

  const register = (payload: Record<string, unknown>) => ({
    method: 'POST' as const,
    url: '/api/v1/auth/register',
    payload: { password: STRONG_PASSWORD, displayName: 'Copia', ...payload },
  });
  const fresh = uniqueHandle();
  await send(
    'register taken username',
    register({ username: alice.username, email: `${fresh}@example.test` }),
    409,
  );
  await send('register taken email', register({ username: fresh, email: alice.email }), 409);
  await send(
    'register taken email in capitals',
    register({ username: fresh, email: alice.email.toUpperCase() }),
    409,
  );
  await send(
    'register common password',
    register({ username: fresh, email: alice.email, password: 'Password123' }),
    400,
  );
  await send('register invalid email', register({ username: fresh, email: 'no-at-sign' }), 400);

  // Login in every outcome.
  const login = (loginName: string, password: string, refreshIn: 'cookie' | 'body' = 'cookie') => ({
    method: 'POST' as const,
    url: '/api/v1/auth/login',
    payload: { login: loginName, password, refreshIn },
  });
  const aliceLogin = await send('login by email (cookie)', login(alice.email, alice.password), 200);
  const aliceCookies = cookiesOf(aliceLogin);
  await send('login by username (body)', login(alice.username, alice.password, 'body'), 200);
  await send('login wrong password', login(alice.email, WRONG_PASSWORD), 401);
  await send('login unknown account', login(`${uniqueHandle('nobody')}@example.test`, WRONG_PASSWORD), 401);
  await send(
    'login missing password',
    { method: 'POST', url: '/api/v1/auth/login', payload: { login: alice.email } },
    400,
  );

  // Refresh in both modes, and its failures.
  const cookieSession = {
    refreshToken: aliceCookies.abrazo_refresh ?? '',
    csrfToken: aliceCookies.abrazo_csrf ?? '',
  };
  const cookieRefreshed = await send(
    'refresh (cookie)',
    { method: 'POST', url: '/api/v1/auth/refresh', headers: cookieAuth(cookieSession) },
    200,
  );
  const bobRefreshed = await send(
    'refresh (body)',
    { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: bob.refreshToken } },
    200,
  );
  bob.refreshToken = bobRefreshed.json<{ data: AuthResult }>().data.refreshToken ?? '';
  await send(
    'refresh without CSRF header',
    {
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: `abrazo_refresh=${alice.refreshToken}` },
    },
    403,
  );
  await send(
    'refresh unknown token',
    { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: 'x'.repeat(43) } },
    401,
  );

  // Sessions and CSRF.
  await send('list sessions', { url: '/api/v1/auth/sessions', headers: bearer(alice.accessToken) }, 200);
  await send('list sessions without token', { url: '/api/v1/auth/sessions' }, 401);
  await send(
    'list sessions bad query',
    { url: '/api/v1/auth/sessions?limit=abc', headers: bearer(alice.accessToken) },
    400,
  );
  await send(
    "revoke someone else's session",
    { method: 'DELETE', url: `/api/v1/auth/sessions/${randomUUID()}`, headers: bearer(bob.accessToken) },
    404,
  );
  const liveCookie = `abrazo_refresh=${cookiesOf(cookieRefreshed).abrazo_refresh ?? ''}`;
  await send('csrf', { url: '/api/v1/auth/csrf', headers: { cookie: liveCookie } }, 200);
  await send('csrf without a session', { url: '/api/v1/auth/csrf' }, 401);

  // Password reset and email verification with bad tokens.
  const forgot = (email: string) => ({
    method: 'POST' as const,
    url: '/api/v1/auth/password/forgot',
    payload: { email },
  });
  await send('forgot (known)', forgot(alice.email), 202);
  await send('forgot (unknown)', forgot(`${uniqueHandle('nobody')}@example.test`), 202);
  await send(
    'reset bad token',
    {
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      payload: { token: 'x'.repeat(43), password: 'otra-clave-nueva-larga' },
    },
    400,
  );
  await send(
    'reset weak password',
    {
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      payload: { token: 'x'.repeat(43), password: 'corto!9' },
    },
    400,
  );
  await send(
    'verify bad token',
    { method: 'POST', url: '/api/v1/auth/email/verify', payload: { token: 'x'.repeat(43) } },
    400,
  );
  await send(
    'resend verification',
    { method: 'POST', url: '/api/v1/auth/email/verify/resend', headers: bearer(alice.accessToken) },
    202,
  );

  // Public profiles.
  const profile = await send('public profile', { url: `/api/v1/users/${alice.username}` }, 200);
  expect(profile.json<{ data: { id: string } }>().data.id).toBe(alice.user.id);
  await send('public profile, other case', { url: `/api/v1/users/${alice.username.toUpperCase()}` }, 200);
  const list = await send('members list', { url: '/api/v1/users?limit=100' }, 200);
  expect(list.json<{ data: { id: string }[] }>().data.map((u) => u.id)).toContain(alice.user.id);
  await send('members in a city', { url: '/api/v1/users?city=Rosario' }, 200);
  await send('members bad query', { url: '/api/v1/users?limit=0' }, 400);
  await send('unknown profile', { url: `/api/v1/users/${uniqueHandle('nobody')}` }, 404);
  await send('unknown route', { url: '/api/v1/nothing-here' }, 404);

  // The owner's own account: the only place the email may appear.
  await send('get me', { url: '/api/v1/me', headers: bearer(alice.accessToken) }, 200, true);
  await send(
    'patch me',
    {
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(alice.accessToken),
      payload: { bio: 'Milonguera.' },
    },
    200,
    true,
  );
  await send(
    'patch me with the email',
    {
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(alice.accessToken),
      payload: { email: alice.email },
    },
    400,
  );
  await send(
    'patch me invalid',
    { method: 'PATCH', url: '/api/v1/me', headers: bearer(alice.accessToken), payload: { leaderLevel: 9 } },
    400,
  );
  await send('get me without token', { url: '/api/v1/me' }, 401);
  const changePassword = (currentPassword: string, newPassword: string) => ({
    method: 'PATCH' as const,
    url: '/api/v1/me/password',
    headers: bearer(alice.accessToken),
    payload: { currentPassword, newPassword },
  });
  await send('change password, wrong current', changePassword(WRONG_PASSWORD, 'otra-clave-nueva-larga'), 400);
  await send('change password, common new', changePassword(alice.password, 'Password123'), 400);
  await send(
    'change email, wrong password',
    {
      method: 'PATCH',
      url: '/api/v1/me/email',
      headers: bearer(alice.accessToken),
      payload: { email: `${uniqueHandle()}@example.test`, password: WRONG_PASSWORD },
    },
    400,
  );
  await send(
    'delete me, wrong password',
    {
      method: 'DELETE',
      url: '/api/v1/me',
      headers: bearer(alice.accessToken),
      payload: { password: WRONG_PASSWORD },
    },
    400,
  );

  // Signing out.
  await send(
    'logout (bearer)',
    { method: 'POST', url: '/api/v1/auth/logout', headers: bearer(alice.accessToken) },
    204,
  );
  await send(
    'logout-all (body)',
    { method: 'POST', url: '/api/v1/auth/logout-all', payload: { refreshToken: bob.refreshToken } },
    204,
  );
  await send(
    'refresh after logout-all',
    { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: bob.refreshToken } },
    401,
  );

  passwordHashes = [...new Set([...hashesBefore, ...(await readPasswordHashes())])];
});
afterAll(() => t.close());

describe('private fields in responses', () => {
  it('read the hashes it looks for', () => {
    expect(passwordHashes.length).toBeGreaterThanOrEqual(2);
    for (const hash of passwordHashes) expect(hash).toMatch(/^\$argon2id\$/);
    expect(exchanges.length).toBeGreaterThan(40);
  });

  it('never sends a password hash, any part of one, or any argon2 marker', () => {
    const parts = passwordHashes.flatMap((h) => [h, ...h.split('$').filter((p) => p.length >= 16)]);
    for (const { label, res } of exchanges) {
      const text = raw(res);
      expect(text, label).not.toMatch(/\$argon2/i);
      for (const part of parts) expect(text.includes(part), `${label} contains a password hash`).toBe(false);
    }
  });

  it('sends the email only in the owner’s GET and PATCH /me', () => {
    const emails = [alice.email, bob.email].map((e) => e.toLowerCase());
    const leaks = exchanges
      .filter(
        ({ res, mayShowEmail }) => !mayShowEmail && emails.some((e) => raw(res).toLowerCase().includes(e)),
      )
      .map((e) => e.label);
    expect(leaks).toEqual([]);
    const own = exchanges.filter((e) => e.mayShowEmail);
    expect(own).toHaveLength(2);
    for (const { res } of own) expect(res.body).toContain(alice.email);
  });

  it('never sends back a password it was given', () => {
    for (const { label, res } of exchanges) {
      const text = raw(res);
      for (const password of [STRONG_PASSWORD, ...ATTEMPTED_PASSWORDS]) {
        expect(text.includes(password), `${label} echoes a password`).toBe(false);
      }
    }
  });

  it('never writes a password or a password hash to the log', () => {
    const log = t.logs.map((line) => JSON.stringify(line)).join('\n');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toMatch(/\$argon2/i);
    for (const secret of [STRONG_PASSWORD, ...ATTEMPTED_PASSWORDS, ...passwordHashes]) {
      expect(log.includes(secret), 'the log contains a password or hash').toBe(false);
    }
  });
});
