import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../../contract/auth.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import { createTestApp, testConfig, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, uniqueHandle } from '../../../../test/helpers/auth.ts';

// PATCH /me/email: the account routes of the auth module (account.routes.ts).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function changeEmail(app: TestApp['app'], token: string | undefined, payload: Record<string, unknown>) {
  return app.inject({
    method: 'PATCH',
    url: '/api/v1/me/email',
    headers: token ? bearer(token) : {},
    payload,
  });
}

async function getMe(token: string): Promise<Me> {
  const res = await t.app.inject({ url: '/api/v1/me', headers: bearer(token) });
  expect(res.statusCode).toBe(200);
  return res.json<{ data: Me }>().data;
}

async function mailsTo(to: string): Promise<{ subject: string; text_body: string }[]> {
  await t.app.background.drain();
  return t.database.rows<{ subject: string; text_body: string }>(
    sql`select subject, text_body from mail_outbox where to_address = ${to} order by created_at desc, id desc`,
  );
}

function tokenIn(text: string): string {
  const match = /verify-email\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no verification link in mail: ${text}`);
  return match[1];
}

function verify(token: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/email/verify', payload: { token } });
}

function login(loginName: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: loginName, password } });
}

const newAddress = () => `${uniqueHandle('moved')}@example.test`;
const errorOf = (res: { json: <T>() => T }) => res.json<ErrorEnvelope>().error;
const detailPaths = (res: { json: <T>() => T }) => (errorOf(res).details ?? []).map((d) => d.path);

describe('PATCH /api/v1/me/email', () => {
  it('moves the account to the new address, unverified, and mails a verification link there', async () => {
    const user = await registerUser(t.app, { locale: 'en' });
    const [welcome] = await mailsTo(user.email);
    expect((await verify(tokenIn(welcome?.text_body ?? ''))).statusCode).toBe(204);
    expect((await getMe(user.accessToken)).emailVerified).toBe(true);

    const email = newAddress();
    const res = await changeEmail(t.app, user.accessToken, { email, password: user.password });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: Me }>().data).toMatchObject({
      id: user.user.id,
      email,
      emailVerified: false,
    });
    expect(await getMe(user.accessToken)).toMatchObject({ email, emailVerified: false });

    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Confirm your email on Abrazo');
    // Nothing more went to the old address.
    expect(await mailsTo(user.email)).toHaveLength(1);

    expect((await login(email, user.password)).statusCode).toBe(200);
    expect((await login(user.email, user.password)).statusCode).toBe(401);

    expect((await verify(tokenIn(mails[0]?.text_body ?? ''))).statusCode).toBe(204);
    expect((await getMe(user.accessToken)).emailVerified).toBe(true);
  });

  it('stops the link mailed to the old address from verifying the new one', async () => {
    const user = await registerUser(t.app);
    const [welcome] = await mailsTo(user.email);
    const email = newAddress();
    expect((await changeEmail(t.app, user.accessToken, { email, password: user.password })).statusCode).toBe(
      200,
    );
    expect((await verify(tokenIn(welcome?.text_body ?? ''))).statusCode).toBe(400);
    expect((await getMe(user.accessToken)).emailVerified).toBe(false);
  });

  it('changes nothing and mails nobody for the same address in other letter case', async () => {
    const user = await registerUser(t.app);
    const res = await changeEmail(t.app, user.accessToken, {
      email: user.email.toUpperCase(),
      password: user.password,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: Me }>().data.email).toBe(user.email);
    expect(await mailsTo(user.email)).toHaveLength(1);
  });

  it('answers 401 without a token', async () => {
    const res = await changeEmail(t.app, undefined, { email: newAddress(), password: 'whatever-it-is-now' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password at body.password and keeps the address', async () => {
    const user = await registerUser(t.app);
    const email = newAddress();
    const res = await changeEmail(t.app, user.accessToken, { email, password: 'not-my-password-at-all' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['body.password']);
    expect((await getMe(user.accessToken)).email).toBe(user.email);
    expect(await mailsTo(email)).toHaveLength(0);
  });

  it('refuses an invalid address at body.email, and a missing password at body.password', async () => {
    const user = await registerUser(t.app);
    const invalid = await changeEmail(t.app, user.accessToken, {
      email: 'not-an-email',
      password: user.password,
    });
    expect(invalid.statusCode).toBe(400);
    expect(errorOf(invalid).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(invalid)).toEqual(['body.email']);
    const noPassword = await changeEmail(t.app, user.accessToken, { email: newAddress() });
    expect(noPassword.statusCode).toBe(400);
    expect(detailPaths(noPassword)).toEqual(['body.password']);
    expect((await getMe(user.accessToken)).email).toBe(user.email);
  });

  it("answers 409 at body.email for another account's address, in any letter case", async () => {
    const user = await registerUser(t.app);
    const other = await registerUser(t.app);
    const res = await changeEmail(t.app, user.accessToken, {
      email: other.email.toUpperCase(),
      password: user.password,
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('CONFLICT');
    expect(detailPaths(res)).toEqual(['body.email']);
    expect((await getMe(user.accessToken)).email).toBe(user.email);
    expect((await getMe(other.accessToken)).email).toBe(other.email);
  });

  it("changes only the caller's address, with the caller's password", async () => {
    const alice = await registerUser(t.app);
    const bob = await registerUser(t.app, { password: 'la-clave-de-bruno-2025' });
    // Bob's password does not move Alice's account, and nothing reaches Bob's.
    const withBobsPassword = await changeEmail(t.app, alice.accessToken, {
      email: newAddress(),
      password: bob.password,
    });
    expect(withBobsPassword.statusCode).toBe(400);
    const email = newAddress();
    expect(
      (await changeEmail(t.app, alice.accessToken, { email, password: alice.password })).statusCode,
    ).toBe(200);
    expect(await getMe(bob.accessToken)).toMatchObject({ email: bob.email });
    expect((await getMe(alice.accessToken)).email).toBe(email);
    expect((await login(bob.email, bob.password)).statusCode).toBe(200);
  });

  it('shares the per-account password-check limit with the password change', async () => {
    const limited = await createTestApp({
      config: { rateLimits: { ...testConfig.rateLimits, loginPerAccountPer15Min: 2 } },
    });
    try {
      const user = await registerUser(limited.app);
      const wrong = { email: newAddress(), password: 'not-my-password-at-all' };
      expect((await changeEmail(limited.app, user.accessToken, wrong)).statusCode).toBe(400);
      const password = await limited.app.inject({
        method: 'PATCH',
        url: '/api/v1/me/password',
        headers: bearer(user.accessToken),
        payload: { currentPassword: 'not-my-password-at-all', newPassword: 'una-clave-nueva-y-larga' },
      });
      expect(password.statusCode).toBe(400);
      const third = await changeEmail(limited.app, user.accessToken, { ...wrong, password: user.password });
      expect(third.statusCode).toBe(429);
      expect(errorOf(third).code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
