import { describe, expect, it } from 'vitest';
import type { AuthResult } from '../../../contract/auth.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import { useTestApp } from '../../../../test/helpers/app.ts';
import { cookieAuth, cookiesOf, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createCsrfTokens } from './csrf.ts';

const SECRET = 'csrf-test-secret-that-is-long-enough-0123456789';
const SESSION = '0190a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';
const OTHER_SESSION = '0190a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c';

describe('createCsrfTokens', () => {
  const csrf = createCsrfTokens(SECRET);

  it('accepts a token for the session it was issued for, and for no other', () => {
    const token = csrf.issue(SESSION);
    expect(csrf.isBound(token, SESSION)).toBe(true);
    expect(csrf.isBound(token, OTHER_SESSION)).toBe(false);
  });

  it('issues a different token every time, each valid for its session', () => {
    const first = csrf.issue(SESSION);
    const second = csrf.issue(SESSION);
    expect(first).not.toBe(second);
    expect(csrf.isBound(second, SESSION)).toBe(true);
  });

  it('refuses a token issued under another secret', () => {
    const token = createCsrfTokens(`${SECRET}-other`).issue(SESSION);
    expect(csrf.isBound(token, SESSION)).toBe(false);
  });

  it.each([[''], ['x'.repeat(43)], ['.'], ['a.b.c'], ['nonce.']])('refuses %j', (token) => {
    expect(csrf.isBound(token, SESSION)).toBe(false);
  });

  it('refuses a token whose nonce was swapped for another', () => {
    const [, tag] = csrf.issue(SESSION).split('.');
    const [nonce] = csrf.issue(SESSION).split('.');
    expect(csrf.isBound(`${nonce}.${tag}`, SESSION)).toBe(false);
  });
});

const codeOf = (res: { json: <T>() => T }) => res.json<ErrorEnvelope>().error.code;

describe('CSRF over HTTP', () => {
  const t = useTestApp();
  const post = (url: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers });

  /** A second session of the same dancer, signed in with cookies like a second browser. */
  async function secondSession(u: RegisteredUser) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: u.username, password: u.password },
    });
    const cookies = cookiesOf(res);
    return { refreshToken: cookies.abrazo_refresh ?? '', csrfToken: cookies.abrazo_csrf ?? '' };
  }

  it('sets the bare names at sign-in: the refresh token for the auth routes only, the CSRF token site-wide', async () => {
    const u = await registerUser(t.app);
    const refresh = u.res.cookies.find((c) => c.name === 'abrazo_refresh');
    const csrf = u.res.cookies.find((c) => c.name === 'abrazo_csrf');
    expect(refresh).toMatchObject({ path: '/api/v1/auth', httpOnly: true, sameSite: 'Strict' });
    expect(refresh?.secure).toBeFalsy();
    expect(csrf).toMatchObject({ path: '/', sameSite: 'Strict' });
    expect(csrf?.httpOnly).toBeFalsy();
  });

  it('refreshes with the cookie and its echoed token, and the new token serves the next refresh', async () => {
    const u = await registerUser(t.app);
    const res = await post('/api/v1/auth/refresh', cookieAuth(u));
    expect(res.statusCode, res.body).toBe(200);
    const next = cookiesOf(res);
    expect(next.abrazo_csrf).toBeTruthy();
    expect(next.abrazo_csrf).not.toBe(u.csrfToken);
    const again = await post(
      '/api/v1/auth/refresh',
      cookieAuth({ refreshToken: next.abrazo_refresh ?? '', csrfToken: next.abrazo_csrf ?? '' }),
    );
    expect(again.statusCode, again.body).toBe(200);
  });

  it("refuses another session's CSRF token, echoed with its own cookie, and spends nothing", async () => {
    const u = await registerUser(t.app);
    const other = await secondSession(u);
    const stranger = await registerUser(t.app);
    for (const foreign of [other.csrfToken, stranger.csrfToken]) {
      const res = await post('/api/v1/auth/refresh', cookieAuth({ ...u, csrfToken: foreign }));
      expect(res.statusCode).toBe(403);
      expect(codeOf(res)).toBe('CSRF_INVALID');
    }
    // Neither the token nor its session was touched by the refused attempts.
    expect((await post('/api/v1/auth/refresh', cookieAuth(u))).statusCode).toBe(200);
  });

  it('refuses a planted cookie and header pair that no session issued', async () => {
    const u = await registerUser(t.app);
    const planted = `${'A'.repeat(22)}.${'B'.repeat(43)}`;
    const res = await post('/api/v1/auth/refresh', cookieAuth({ ...u, csrfToken: planted }));
    expect(res.statusCode).toBe(403);
    expect(codeOf(res)).toBe('CSRF_INVALID');
    expect((await post('/api/v1/auth/refresh', cookieAuth(u))).statusCode).toBe(200);
  });

  it("refuses sign-out and sign-out everywhere with another session's token, and keeps the session", async () => {
    const u = await registerUser(t.app);
    const other = await secondSession(u);
    for (const url of ['/api/v1/auth/logout', '/api/v1/auth/logout-all']) {
      const res = await post(url, cookieAuth({ ...u, csrfToken: other.csrfToken }));
      expect(res.statusCode, url).toBe(403);
      expect(codeOf(res)).toBe('CSRF_INVALID');
    }
    expect((await post('/api/v1/auth/logout', cookieAuth(u))).statusCode).toBe(204);
    expect((await post('/api/v1/auth/refresh', cookieAuth(other))).statusCode).toBe(200);
  });

  it("issues a CSRF token for the refresh cookie's session at GET /auth/csrf", async () => {
    const u = await registerUser(t.app);
    const res = await t.app.inject({
      url: '/api/v1/auth/csrf',
      headers: { cookie: `abrazo_refresh=${u.refreshToken}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const token = res.json<{ data: { csrfToken: string } }>().data.csrfToken;
    expect(cookiesOf(res).abrazo_csrf).toBe(token);
    expect((await post('/api/v1/auth/refresh', cookieAuth({ ...u, csrfToken: token }))).statusCode).toBe(200);
  });

  it('answers GET /auth/csrf with 401 without a refresh cookie or with an unknown one', async () => {
    for (const headers of [{}, { cookie: `abrazo_refresh=${'z'.repeat(43)}` }]) {
      const res = await t.app.inject({ url: '/api/v1/auth/csrf', headers });
      expect(res.statusCode).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.cookies.find((c) => c.name === 'abrazo_csrf')).toBeUndefined();
    }
  });
});

describe('CSRF over HTTPS', () => {
  const t = useTestApp({ config: { isHttps: true, publicUrl: 'https://abrazo.example' } });

  async function register() {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        email: `${crypto.randomUUID()}@example.test`,
        username: `d_${crypto.randomUUID().slice(0, 8)}`,
        password: 'bandoneon-en-la-madrugada',
        displayName: 'Ana',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res;
  }

  it('names both cookies __Host-: Secure, Path=/ and no Domain', async () => {
    const res = await register();
    const names = res.cookies.map((c) => c.name).sort();
    expect(names).toEqual(['__Host-abrazo_csrf', '__Host-abrazo_refresh']);
    for (const cookie of res.cookies) {
      expect(cookie).toMatchObject({ secure: true, path: '/', sameSite: 'Strict' });
      expect(cookie.domain).toBeUndefined();
    }
  });

  it('refreshes with the __Host- cookies and ignores the bare names', async () => {
    const cookies = cookiesOf(await register());
    const refresh = cookies['__Host-abrazo_refresh'] ?? '';
    const csrf = cookies['__Host-abrazo_csrf'] ?? '';
    const bare = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: `abrazo_refresh=${refresh}; abrazo_csrf=${csrf}`, 'x-csrf-token': csrf },
    });
    expect(bare.statusCode).toBe(401);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: {
        cookie: `__Host-abrazo_refresh=${refresh}; __Host-abrazo_csrf=${csrf}`,
        'x-csrf-token': csrf,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ data: AuthResult }>().data.accessToken).toBeTruthy();
    expect(Object.keys(cookiesOf(res)).sort()).toEqual(['__Host-abrazo_csrf', '__Host-abrazo_refresh']);
  });

  it('states the __Host- refresh cookie in the API description', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      components: { securitySchemes: { refreshCookie: { name: string } } };
    }>();
    expect(doc.components.securitySchemes.refreshCookie.name).toBe('__Host-abrazo_refresh');
  });
});
