import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResult, Me } from '../../../contract/auth.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, cookieAuth, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';

// PATCH /me/password and DELETE /me: the account routes of the auth module (account.routes.ts).

const NEW_PASSWORD = 'cortina-de-medianoche-2025';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function getMe(token: string | undefined) {
  return t.app.inject({ method: 'GET', url: '/api/v1/me', headers: token ? bearer(token) : {} });
}

function patchMe(token: string | undefined, payload: Record<string, unknown>) {
  return t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: token ? bearer(token) : {}, payload });
}

function changePassword(token: string | undefined, currentPassword: string, newPassword: string) {
  return t.app.inject({
    method: 'PATCH',
    url: '/api/v1/me/password',
    headers: token ? bearer(token) : {},
    payload: { currentPassword, newPassword },
  });
}

function deleteMe(token: string | undefined, password: string) {
  return t.app.inject({
    method: 'DELETE',
    url: '/api/v1/me',
    headers: token ? bearer(token) : {},
    payload: { password },
  });
}

function login(loginName: string, password: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: loginName, password, refreshIn: 'body' },
  });
}

/** A second signed-in device of the user, holding its refresh token itself. */
async function secondSession(user: RegisteredUser): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await login(user.username, user.password);
  expect(res.statusCode).toBe(200);
  const data = res.json<{ data: AuthResult }>().data;
  return { accessToken: data.accessToken, refreshToken: data.refreshToken ?? '' };
}

function refreshWithBody(refreshToken: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
}

function refreshWithCookie(user: RegisteredUser) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: cookieAuth(user) });
}

function errorOf(res: { json: <T>() => T }) {
  return res.json<ErrorEnvelope>().error;
}

function detailPaths(res: { json: <T>() => T }): string[] {
  return (errorOf(res).details ?? []).map((d) => d.path);
}

describe('PATCH /api/v1/me/password', () => {
  it('refuses a wrong current password at body.currentPassword and keeps the old one', async () => {
    const user = await registerUser(t.app);
    const other = await secondSession(user);
    const res = await changePassword(user.accessToken, 'not-my-password-at-all', NEW_PASSWORD);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['body.currentPassword']);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
    expect((await refreshWithBody(other.refreshToken)).statusCode).toBe(200);
  });

  it.each([
    ['too short', 'corto123'],
    ['common', 'Password123'],
    ['a common tango one in capitals', 'TANGOTANGO'],
  ])('refuses a %s new password at body.newPassword', async (_kind, newPassword) => {
    const user = await registerUser(t.app);
    const res = await changePassword(user.accessToken, user.password, newPassword);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['body.newPassword']);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
  });

  it('refuses the username as the new password', async () => {
    const user = await registerUser(t.app);
    const res = await changePassword(user.accessToken, user.password, user.username.toUpperCase());
    expect(res.statusCode).toBe(400);
    expect(detailPaths(res)).toEqual(['body.newPassword']);
  });

  it('changes the password and signs out every other session, but not this one', async () => {
    const user = await registerUser(t.app);
    const other = await secondSession(user);
    const third = await secondSession(user);

    const res = await changePassword(user.accessToken, user.password, NEW_PASSWORD);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    expect((await login(user.username, user.password)).statusCode).toBe(401);
    expect((await login(user.username, NEW_PASSWORD)).statusCode).toBe(200);

    for (const session of [other, third]) {
      const refreshed = await refreshWithBody(session.refreshToken);
      expect(refreshed.statusCode).toBe(401);
      expect(errorOf(refreshed).code).toBe('UNAUTHENTICATED');
    }
    expect((await getMe(user.accessToken)).statusCode).toBe(200);
    expect((await refreshWithCookie(user)).statusCode).toBe(200);
  });

  it('answers 401 without a token', async () => {
    const res = await changePassword(undefined, 'whatever-it-is-now', NEW_PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a body without the current password', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/password',
      headers: bearer(user.accessToken),
      payload: { newPassword: NEW_PASSWORD },
    });
    expect(res.statusCode).toBe(400);
    expect(detailPaths(res)).toEqual(['body.currentPassword']);
  });

  it("changes only the caller's password", async () => {
    const alice = await registerUser(t.app);
    const bob = await registerUser(t.app);
    const bobOther = await secondSession(bob);
    expect((await changePassword(alice.accessToken, alice.password, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await login(bob.username, bob.password)).statusCode).toBe(200);
    expect((await refreshWithBody(bobOther.refreshToken)).statusCode).toBe(200);
  });
});

describe('DELETE /api/v1/me', () => {
  it('refuses a wrong password at body.password and deletes nothing', async () => {
    const user = await registerUser(t.app);
    const res = await deleteMe(user.accessToken, 'not-my-password-at-all');
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['body.password']);
    expect((await getMe(user.accessToken)).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/users/${user.username}` })).statusCode).toBe(200);
  });

  it('answers 401 without a token', async () => {
    const res = await deleteMe(undefined, 'whatever-it-is-now');
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a body without the password', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: bearer(user.accessToken),
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    expect(detailPaths(res)).toEqual(['body.password']);
  });

  it('deletes the account, its sign-in and every session, and nobody else', async () => {
    const user = await registerUser(t.app);
    const other = await secondSession(user);
    const bystander = await registerUser(t.app);

    const res = await deleteMe(user.accessToken, user.password);
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.filter((c) => c.name === 'abrazo_refresh' || c.name === 'abrazo_csrf');
    expect(cleared.map((c) => c.value)).toEqual(['', '']);

    expect((await t.app.inject({ url: `/api/v1/users/${user.username}` })).statusCode).toBe(404);
    expect((await login(user.username, user.password)).statusCode).toBe(401);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    expect((await refreshWithBody(other.refreshToken)).statusCode).toBe(401);
    expect((await refreshWithCookie(user)).statusCode).toBe(401);
    // The access token is still inside its 15 minutes, but the account behind it is gone.
    const me = await getMe(user.accessToken);
    expect(me.statusCode).toBe(401);
    expect(errorOf(me).code).toBe('UNAUTHENTICATED');
    expect((await patchMe(other.accessToken, { displayName: 'Fantasma' })).statusCode).toBe(401);

    const bystanderMe = await getMe(bystander.accessToken);
    expect(bystanderMe.statusCode).toBe(200);
    expect(bystanderMe.json<{ data: Me }>().data.email).toBe(bystander.email);
    expect((await t.app.inject({ url: `/api/v1/users/${bystander.username}` })).statusCode).toBe(200);
    expect((await login(bystander.username, bystander.password)).statusCode).toBe(200);
    expect((await refreshWithCookie(bystander)).statusCode).toBe(200);
  });

  it('frees the username and email for a new account', async () => {
    const user = await registerUser(t.app);
    expect((await deleteMe(user.accessToken, user.password)).statusCode).toBe(204);
    const again = await registerUser(t.app, { username: user.username, email: user.email });
    expect(again.user.id).not.toBe(user.user.id);
    expect((await getMe(again.accessToken)).json<{ data: Me }>().data.emailVerified).toBe(false);
  });
});
