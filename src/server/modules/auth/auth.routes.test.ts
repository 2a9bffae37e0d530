import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResult } from '../../../contract/auth.ts';
import { createManualClock, createTestApp, testConfig, type TestApp } from '../../../../test/helpers/app.ts';
import {
  STRONG_PASSWORD,
  bearer,
  cookieAuth,
  cookiesOf,
  registerUser,
  uniqueHandle,
  type RegisteredUser,
} from '../../../../test/helpers/auth.ts';
import { purgeDeadAuthRows } from './auth.repo.ts';
import { REFRESH_GRACE_MS } from './tokens.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

const clock = createManualClock();
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

function post(url: string, payload?: object, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
}

function login(loginName: string, password: string, extra: object = {}) {
  return post('/api/v1/auth/login', { login: loginName, password, ...extra });
}

async function latestMail(to: string): Promise<{ subject: string; text_body: string } | undefined> {
  await t.app.background.drain();
  const rows = await t.database.rows<{ subject: string; text_body: string }>(
    sql`select subject, text_body from mail_outbox where to_address = ${to} order by created_at desc, id desc limit 1`,
  );
  return rows[0];
}

function tokenIn(text: string): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no token in mail: ${text}`);
  return match[1];
}

describe('registration', () => {
  it('creates the account, signs in and sets the refresh and CSRF cookies', async () => {
    const u = await registerUser(t.app, { city: 'Buenos Aires', country: 'AR', roles: ['dancer', 'dj'] });
    expect(u.res.statusCode).toBe(201);
    const data = u.res.json<{ data: AuthResult }>().data;
    expect(data.expiresIn).toBe(900);
    expect(data.user).toMatchObject({ username: u.username, city: 'Buenos Aires', roles: ['dancer', 'dj'] });
    expect(data.refreshToken).toBeUndefined();
    const refresh = u.res.cookies.find((c) => c.name === 'abrazo_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    const csrf = u.res.cookies.find((c) => c.name === 'abrazo_csrf');
    expect(csrf?.httpOnly).toBeFalsy();
    expect(u.refreshToken.length).toBeGreaterThanOrEqual(43);
  });

  it('returns the refresh token in the body when asked, and sets no cookie', async () => {
    const username = uniqueHandle();
    const res = await post('/api/v1/auth/register', {
      email: `${username}@example.test`,
      username,
      password: STRONG_PASSWORD,
      displayName: 'Bruno',
      refreshIn: 'body',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<{ data: AuthResult }>().data.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.cookies).toHaveLength(0);
  });

  it('refuses a username or an email already taken, in any letter case, with 409', async () => {
    const u = await registerUser(t.app);
    const sameName = await post('/api/v1/auth/register', {
      email: `${uniqueHandle()}@example.test`,
      username: u.username.toUpperCase(),
      password: STRONG_PASSWORD,
      displayName: 'Copycat',
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json<ErrorEnvelope>().error).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'body.username' }],
    });
    const sameEmail = await post('/api/v1/auth/register', {
      email: u.email.toUpperCase(),
      username: uniqueHandle(),
      password: STRONG_PASSWORD,
      displayName: 'Copycat',
    });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json<ErrorEnvelope>().error).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'body.email' }],
    });
  });

  it('rejects invalid fields with their paths', async () => {
    const res = await post('/api/v1/auth/register', {
      email: 'not-an-email',
      username: 'a',
      password: STRONG_PASSWORD,
      displayName: '',
      leaderLevel: 9,
    });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json<ErrorEnvelope>()
      .error.details?.map((d) => d.path)
      .sort();
    expect(paths).toEqual(['body.displayName', 'body.email', 'body.leaderLevel', 'body.username']);
  });

  it('stores names exactly as written', async () => {
    const u = await registerUser(t.app, { displayName: "Ñandú O'Brien 💃 عربي" });
    expect(u.user.displayName).toBe("Ñandú O'Brien 💃 عربي");
  });
});

describe('login', () => {
  let u: RegisteredUser;
  beforeAll(async () => {
    u = await registerUser(t.app);
  });

  it('signs in by username or email in any letter case', async () => {
    for (const name of [u.username, u.username.toUpperCase(), u.email, u.email.toUpperCase()]) {
      const res = await login(name, u.password);
      expect(res.statusCode).toBe(200);
      expect(res.json<{ data: AuthResult }>().data.user.id).toBe(u.user.id);
    }
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const wrong = await login(u.username, 'not-the-password-at-all');
    const unknown = await login(uniqueHandle('ghost'), 'not-the-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: ErrorEnvelope) => ({ ...b.error, requestId: undefined });
    expect(strip(wrong.json<ErrorEnvelope>())).toEqual(strip(unknown.json<ErrorEnvelope>()));
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('spends about as long on an unknown account as on a wrong password', async () => {
    const median = async (name: string) => {
      await login(name, 'definitely-wrong-password'); // warm-up, discarded
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const start = performance.now();
        await login(name, 'definitely-wrong-password');
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[3] ?? 0;
    };
    const wrong = await median(u.username);
    const unknown = await median(uniqueHandle('ghost'));
    // Both run one argon2id verification; without the dummy hash the unknown case is ~100× faster.
    // The bounds are loose because parallel test files share the two cores.
    expect(unknown / wrong).toBeGreaterThan(0.25);
    expect(unknown / wrong).toBeLessThan(4);
  });

  it('rejects a missing password with 400', async () => {
    const res = await post('/api/v1/auth/login', { login: u.username });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('body.password');
  });
});

describe('refresh', () => {
  it('rotates the cookie token: new access and refresh tokens, the old one retired', async () => {
    const u = await registerUser(t.app);
    const res = await post('/api/v1/auth/refresh', undefined, cookieAuth(u));
    expect(res.statusCode).toBe(200);
    const next = cookiesOf(res).abrazo_refresh;
    expect(next).toBeDefined();
    expect(next).not.toBe(u.refreshToken);
    const { accessToken } = res.json<{ data: AuthResult }>().data;
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(accessToken) })).statusCode).toBe(200);
  });

  it('rotates a body token for non-browser clients without CSRF', async () => {
    const username = uniqueHandle();
    const reg = await post('/api/v1/auth/register', {
      email: `${username}@example.test`,
      username,
      password: STRONG_PASSWORD,
      displayName: 'Phone app',
      refreshIn: 'body',
    });
    const first = reg.json<{ data: AuthResult }>().data.refreshToken ?? '';
    const res = await post('/api/v1/auth/refresh', { refreshToken: first });
    expect(res.statusCode).toBe(200);
    const second = res.json<{ data: AuthResult }>().data.refreshToken;
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
  });

  it('requires the CSRF header when the token comes from the cookie', async () => {
    const u = await registerUser(t.app);
    const missing = await post('/api/v1/auth/refresh', undefined, {
      cookie: `abrazo_refresh=${u.refreshToken}; abrazo_csrf=${u.csrfToken}`,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json<ErrorEnvelope>().error.code).toBe('CSRF_INVALID');
    const wrong = await post(
      '/api/v1/auth/refresh',
      undefined,
      cookieAuth(u, 'x'.repeat(u.csrfToken.length)),
    );
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json<ErrorEnvelope>().error.code).toBe('CSRF_INVALID');
    // The failed attempts did not spend the token.
    expect((await post('/api/v1/auth/refresh', undefined, cookieAuth(u))).statusCode).toBe(200);
  });

  it('answers 401 for an unknown token and for none at all', async () => {
    expect((await post('/api/v1/auth/refresh', { refreshToken: 'nope' })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/refresh')).statusCode).toBe(401);
  });

  it('gives two concurrent refreshes with one token the same successor', async () => {
    const u = await registerUser(t.app);
    const [a, b] = await Promise.all([
      post('/api/v1/auth/refresh', undefined, cookieAuth(u)),
      post('/api/v1/auth/refresh', undefined, cookieAuth(u)),
    ]);
    expect(a?.statusCode).toBe(200);
    expect(b?.statusCode).toBe(200);
    const successorA = a ? cookiesOf(a).abrazo_refresh : undefined;
    expect(successorA).toBeDefined();
    expect(b ? cookiesOf(b).abrazo_refresh : undefined).toBe(successorA);
    // Exactly one live successor exists for the session.
    const live = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from refresh_tokens rt join sessions s on s.id = rt.session_id
          where s.user_id = ${u.user.id} and rt.retired_at is null`,
    );
    expect(live[0]?.n).toBe(1);
  });

  it('revokes the whole session when a retired token is replayed after the grace window', async () => {
    const u = await registerUser(t.app);
    const first = await post('/api/v1/auth/refresh', undefined, cookieAuth(u));
    const successor = cookiesOf(first).abrazo_refresh ?? '';
    const accessToken = first.json<{ data: AuthResult }>().data.accessToken;
    clock.advance(REFRESH_GRACE_MS + 1_000);
    const replay = await post('/api/v1/auth/refresh', undefined, cookieAuth(u));
    expect(replay.statusCode).toBe(401);
    expect(replay.json<ErrorEnvelope>().error.code).toBe('UNAUTHENTICATED');
    // The legitimate successor dies with the session.
    const after = await post(
      '/api/v1/auth/refresh',
      undefined,
      cookieAuth({ ...u, refreshToken: successor }),
    );
    expect(after.statusCode).toBe(401);
    const sessions = await t.app.inject({ url: '/api/v1/auth/sessions', headers: bearer(accessToken) });
    expect(sessions.json<{ data: unknown[] }>().data).toHaveLength(0);
  });

  it('refuses an expired refresh token', async () => {
    const u = await registerUser(t.app);
    clock.advance(31 * 24 * 60 * 60 * 1000);
    expect((await post('/api/v1/auth/refresh', undefined, cookieAuth(u))).statusCode).toBe(401);
  });
});

describe('logout and sessions', () => {
  it('signs out the session of the bearer token and clears the cookies', async () => {
    const u = await registerUser(t.app);
    const res = await post('/api/v1/auth/logout', undefined, bearer(u.accessToken));
    expect(res.statusCode).toBe(204);
    expect(res.cookies.find((c) => c.name === 'abrazo_refresh')?.value).toBe('');
    expect((await post('/api/v1/auth/refresh', undefined, cookieAuth(u))).statusCode).toBe(401);
  });

  it('signs out by cookie only with a valid CSRF header', async () => {
    const u = await registerUser(t.app);
    const noCsrf = await post('/api/v1/auth/logout', undefined, {
      cookie: `abrazo_refresh=${u.refreshToken}`,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json<ErrorEnvelope>().error.code).toBe('CSRF_INVALID');
    expect((await post('/api/v1/auth/logout', undefined, cookieAuth(u))).statusCode).toBe(204);
    expect((await post('/api/v1/auth/refresh', undefined, cookieAuth(u))).statusCode).toBe(401);
  });

  it('requires some credential to sign out', async () => {
    const res = await post('/api/v1/auth/logout');
    expect(res.statusCode).toBe(401);
  });

  it('lists the live sessions with the current one marked, newest first', async () => {
    const u = await registerUser(t.app);
    const second = await login(u.username, u.password, { device: 'Phone' });
    const token = second.json<{ data: AuthResult }>().data.accessToken;
    const res = await t.app.inject({ url: '/api/v1/auth/sessions', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ data: { device: string; current: boolean }[]; meta: { hasMore: boolean } }>();
    expect(body.data.map((s) => [s.device, s.current])).toEqual([
      ['Phone', true],
      ['Unknown device', false],
    ]);
    expect(body.meta.hasMore).toBe(false);
    expect((await t.app.inject({ url: '/api/v1/auth/sessions' })).statusCode).toBe(401);
  });

  it("revokes one of the user's own sessions, and hides other users' sessions", async () => {
    const u = await registerUser(t.app);
    const other = await registerUser(t.app);
    const list = await t.app.inject({ url: '/api/v1/auth/sessions', headers: bearer(u.accessToken) });
    const sessionId = list.json<{ data: { id: string }[] }>().data[0]?.id ?? '';
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${sessionId}`,
      headers: bearer(other.accessToken),
    });
    expect(foreign.statusCode).toBe(404);
    expect((await post('/api/v1/auth/refresh', undefined, cookieAuth(u))).statusCode).toBe(200);
    const own = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${sessionId}`,
      headers: bearer(u.accessToken),
    });
    expect(own.statusCode).toBe(204);
    const bad = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/sessions/not-a-uuid',
      headers: bearer(u.accessToken),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('params.id');
    const none = await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${sessionId}` });
    expect(none.statusCode).toBe(401);
  });

  it('signs out every session with logout-all', async () => {
    const u = await registerUser(t.app);
    const other = await login(u.username, u.password, { refreshIn: 'body' });
    const otherRefresh = other.json<{ data: AuthResult }>().data.refreshToken ?? '';
    expect((await post('/api/v1/auth/logout-all', undefined, cookieAuth(u))).statusCode).toBe(204);
    expect((await post('/api/v1/auth/refresh', { refreshToken: otherRefresh })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/refresh', undefined, cookieAuth(u))).statusCode).toBe(401);
  });
});

describe('password reset', () => {
  it('works end to end through the outbox and signs out every session', async () => {
    const u = await registerUser(t.app);
    const res = await post('/api/v1/auth/password/forgot', { email: u.email.toUpperCase() });
    expect(res.statusCode).toBe(202);
    const mail = await latestMail(u.email);
    expect(mail?.subject).toMatch(/contraseña/);
    const token = tokenIn(mail?.text_body ?? '');
    const newPassword = 'otra-noche-en-el-salon-canning';
    expect((await post('/api/v1/auth/password/reset', { token, password: newPassword })).statusCode).toBe(
      204,
    );
    expect((await post('/api/v1/auth/refresh', undefined, cookieAuth(u))).statusCode).toBe(401);
    expect((await login(u.username, u.password)).statusCode).toBe(401);
    expect((await login(u.username, newPassword)).statusCode).toBe(200);
    // Single use.
    const again = await post('/api/v1/auth/password/reset', { token, password: 'y-otra-vez-la-cumparsita' });
    expect(again.statusCode).toBe(400);
    expect(again.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('body.token');
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const known = await registerUser(t.app);
    const ghost = `${uniqueHandle('ghost')}@example.test`;
    const a = await post('/api/v1/auth/password/forgot', { email: known.email });
    const b = await post('/api/v1/auth/password/forgot', { email: ghost });
    expect(a.statusCode).toBe(b.statusCode);
    expect(a.body).toBe(b.body);
    expect(await latestMail(ghost)).toBeUndefined();
  });

  it('refuses an expired reset token and a weak new password', async () => {
    const u = await registerUser(t.app);
    await post('/api/v1/auth/password/forgot', { email: u.email });
    const token = tokenIn((await latestMail(u.email))?.text_body ?? '');
    const weak = await post('/api/v1/auth/password/reset', { token, password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('body.password');
    clock.advance(61 * 60 * 1000);
    const expired = await post('/api/v1/auth/password/reset', {
      token,
      password: 'otra-noche-en-el-salon-canning',
    });
    expect(expired.statusCode).toBe(400);
  });

  it('keeps only the newest reset link alive', async () => {
    const u = await registerUser(t.app);
    await post('/api/v1/auth/password/forgot', { email: u.email });
    const first = tokenIn((await latestMail(u.email))?.text_body ?? '');
    clock.advance(1000);
    await post('/api/v1/auth/password/forgot', { email: u.email });
    const second = tokenIn((await latestMail(u.email))?.text_body ?? '');
    expect(second).not.toBe(first);
    expect(
      (await post('/api/v1/auth/password/reset', { token: first, password: 'la-yumba-de-pugliese' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await post('/api/v1/auth/password/reset', { token: second, password: 'la-yumba-de-pugliese' }))
        .statusCode,
    ).toBe(204);
  });
});

describe('email verification', () => {
  it('verifies the address from the mailed link, once', async () => {
    const u = await registerUser(t.app, { locale: 'en' });
    const mail = await latestMail(u.email);
    expect(mail?.subject).toBe('Confirm your email on Abrazo');
    const token = tokenIn(mail?.text_body ?? '');
    expect((await post('/api/v1/auth/email/verify', { token })).statusCode).toBe(204);
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer(u.accessToken) });
    expect(me.json<{ data: { emailVerified: boolean } }>().data.emailVerified).toBe(true);
    expect((await post('/api/v1/auth/email/verify', { token })).statusCode).toBe(400);
    const resend = await post('/api/v1/auth/email/verify/resend', undefined, bearer(u.accessToken));
    expect(resend.statusCode).toBe(409);
  });

  it('mails a new link on request and the old one stops working', async () => {
    const u = await registerUser(t.app);
    const old = tokenIn((await latestMail(u.email))?.text_body ?? '');
    clock.advance(1000);
    expect(
      (await post('/api/v1/auth/email/verify/resend', undefined, bearer(u.accessToken))).statusCode,
    ).toBe(202);
    const fresh = tokenIn((await latestMail(u.email))?.text_body ?? '');
    expect(fresh).not.toBe(old);
    expect((await post('/api/v1/auth/email/verify', { token: old })).statusCode).toBe(400);
    expect((await post('/api/v1/auth/email/verify', { token: fresh })).statusCode).toBe(204);
    expect((await post('/api/v1/auth/email/verify/resend')).statusCode).toBe(401);
  });
});

describe('hardening', () => {
  it('counts login attempts by email and by username against one account budget', async () => {
    const limited = await createTestApp({
      config: { rateLimits: { ...testConfig.rateLimits, loginPerAccountPer15Min: 2 } },
    });
    try {
      const u = await registerUser(limited.app);
      const attempt = (name: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { login: name, password: 'wrong-password-here' },
        });
      expect((await attempt(u.username)).statusCode).toBe(401);
      expect((await attempt(u.email)).statusCode).toBe(401);
      expect((await attempt(u.email.toUpperCase())).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('lets a token rotated moments ago still sign out, but treats an old one as a replay', async () => {
    const u = await registerUser(t.app);
    const rotated = await post('/api/v1/auth/refresh', undefined, cookieAuth(u));
    const successor = cookiesOf(rotated).abrazo_refresh ?? '';
    clock.advance(REFRESH_GRACE_MS + 1_000);
    const stale = await post('/api/v1/auth/logout-all', { refreshToken: u.refreshToken });
    expect(stale.statusCode).toBe(401);
    // The replay revoked the session: its live successor is dead too.
    expect((await post('/api/v1/auth/refresh', { refreshToken: successor })).statusCode).toBe(401);
  });

  it('refuses logout-all by cookie with a wrong CSRF token', async () => {
    const u = await registerUser(t.app);
    const res = await post(
      '/api/v1/auth/logout-all',
      undefined,
      cookieAuth(u, 'x'.repeat(u.csrfToken.length)),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json<ErrorEnvelope>().error.code).toBe('CSRF_INVALID');
    expect((await post('/api/v1/auth/refresh', undefined, cookieAuth(u))).statusCode).toBe(200);
  });

  it('deletes the mail written to an account with the account', async () => {
    const u = await registerUser(t.app);
    await post('/api/v1/auth/password/forgot', { email: u.email });
    expect(await latestMail(u.email)).toBeDefined();
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: bearer(u.accessToken),
      payload: { password: u.password },
    });
    expect(res.statusCode).toBe(204);
    expect(await latestMail(u.email)).toBeUndefined();
  });

  it('answers 401, not a password error, when the account is already gone', async () => {
    const u = await registerUser(t.app);
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: bearer(u.accessToken),
      payload: { password: u.password },
    });
    expect(del.statusCode).toBe(204);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/password',
      headers: bearer(u.accessToken),
      payload: { currentPassword: u.password, newPassword: 'una-contrasena-nueva-y-larga' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('accepts the bearer scheme in any letter case', async () => {
    const u = await registerUser(t.app);
    const res = await t.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `bearer ${u.accessToken}` },
    });
    expect(res.statusCode).toBe(200);
  });

  it('limits reset mails per client address across addresses', async () => {
    const limited = await createTestApp({
      config: { rateLimits: { ...testConfig.rateLimits, passwordResetPerIpPerHour: 2 } },
    });
    try {
      const forgot = (email: string) =>
        limited.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { email } });
      expect((await forgot(`${uniqueHandle()}@example.test`)).statusCode).toBe(202);
      expect((await forgot(`${uniqueHandle()}@example.test`)).statusCode).toBe(202);
      const third = await forgot(`${uniqueHandle()}@example.test`);
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('purging dead sessions and tokens', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const countFor = async (userId: string) =>
    (
      await t.database.rows<{ sessions: number; tokens: number }>(
        sql`select (select count(*)::int from sessions where user_id = ${userId}) as sessions,
                   (select count(*)::int from refresh_tokens rt join sessions s on s.id = rt.session_id
                     where s.user_id = ${userId}) as tokens`,
      )
    )[0];

  it('drops sessions revoked a week ago and expired tokens, and keeps live ones', async () => {
    const u = await registerUser(t.app);
    const other = await login(u.username, u.password, { refreshIn: 'body' });
    const keptRefresh = other.json<{ data: AuthResult }>().data.refreshToken ?? '';
    expect((await post('/api/v1/auth/logout', undefined, bearer(u.accessToken))).statusCode).toBe(204);
    expect(await countFor(u.user.id)).toEqual({ sessions: 2, tokens: 1 });

    clock.advance(8 * DAY);
    // Keep the second session alive: a refresh slides its expiry and leaves one retired token.
    const refreshed = await post('/api/v1/auth/refresh', { refreshToken: keptRefresh });
    expect(refreshed.statusCode).toBe(200);
    const now = clock.now();
    const weekAgo = new Date(now.getTime() - 7 * DAY);
    await purgeDeadAuthRows(t.database.db, now, weekAgo, weekAgo);
    expect(await countFor(u.user.id)).toEqual({ sessions: 1, tokens: 2 });

    clock.advance(31 * DAY);
    const later = clock.now();
    await purgeDeadAuthRows(t.database.db, later, new Date(later.getTime() - 7 * DAY), later);
    // Both tokens have expired; the session expired 1 day ago, within the week it is kept for.
    expect(await countFor(u.user.id)).toEqual({ sessions: 1, tokens: 0 });
  });
});

describe('credentials and input on the remaining auth routes', () => {
  it('refuses logout-all with no credential at all', async () => {
    const res = await post('/api/v1/auth/logout-all');
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorEnvelope>().error.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['/api/v1/auth/refresh', { refreshToken: 42 }, 'body.refreshToken'],
    ['/api/v1/auth/refresh', { refreshToken: 'x'.repeat(201) }, 'body.refreshToken'],
    ['/api/v1/auth/logout', { refreshToken: '' }, 'body.refreshToken'],
    ['/api/v1/auth/password/forgot', { email: 'not-an-email' }, 'body.email'],
    ['/api/v1/auth/password/reset', { password: 'una-clave-bastante-larga' }, 'body.token'],
    ['/api/v1/auth/email/verify', {}, 'body.token'],
  ])('answers %s with %j as 400 at %s', async (url, payload, path) => {
    const res = await post(url, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path }] });
  });
});
