import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema/index.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { STRONG_PASSWORD, registerUser, uniqueHandle } from '../../../../test/helpers/auth.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../contract/auth.ts';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

const PATH = 'body.password';
const PERSONAL = { username: 'milonguero_2024', email: 'carlos.bandoneon@example.test' };

describe('checkPasswordPolicy', () => {
  it('accepts a long passphrase', () => {
    expect(checkPasswordPolicy('la cumparsita a las tres de la mañana', PATH, PERSONAL)).toEqual([]);
  });

  it('asks for at least 10 characters', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(checkPasswordPolicy('quebrada9', PATH)).toEqual([
      { path: PATH, message: 'Use at least 10 characters' },
    ]);
    expect(checkPasswordPolicy('quebrada-9', PATH)).toEqual([]);
  });

  it('counts code points, not UTF-16 units: 9 emoji fail and 10 pass', () => {
    const nine = '💃'.repeat(9);
    expect(nine).toHaveLength(18);
    expect(checkPasswordPolicy(nine, PATH)).toEqual([{ path: PATH, message: 'Use at least 10 characters' }]);
    expect(checkPasswordPolicy('💃'.repeat(10), PATH)).toEqual([]);
  });

  it.each([
    'password123',
    'Password123',
    'PASSWORD123',
    'tangotango',
    'TANGOTANGO',
    'TangoTango',
    '1234567890',
  ])('refuses the common password %j in any letter case', (password) => {
    expect(checkPasswordPolicy(password, PATH)).toEqual([
      { path: PATH, message: 'This password is too common; choose another' },
    ]);
  });

  it.each([
    ['the username', 'milonguero_2024'],
    ['the username in capitals', 'MILONGUERO_2024'],
    ['the email', 'carlos.bandoneon@example.test'],
    ['the email in capitals', 'Carlos.Bandoneon@Example.Test'],
    ['the local part of the email', 'carlos.bandoneon'],
  ])('refuses %s as the password', (_what, password) => {
    expect(checkPasswordPolicy(password, PATH, PERSONAL)).toEqual([
      { path: PATH, message: 'The password must not be your username or email' },
    ]);
  });

  it('reports the problem at the path it is given', () => {
    expect(checkPasswordPolicy('short', 'body.newPassword')[0]?.path).toBe('body.newPassword');
  });

  it('puts no composition rules on a long password', () => {
    expect(
      checkPasswordPolicy(
        'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        PATH,
      ),
    ).toEqual([]);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id v19 at m=19456, t=2, p=1 and a fresh salt each time', async () => {
    const a = await hashPassword(STRONG_PASSWORD);
    const b = await hashPassword(STRONG_PASSWORD);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(STRONG_PASSWORD);
  });

  it('verifies the right password and only the right one', async () => {
    const hash = await hashPassword(STRONG_PASSWORD);
    await expect(verifyPassword(hash, STRONG_PASSWORD)).resolves.toBe(true);
    await expect(verifyPassword(hash, `${STRONG_PASSWORD} `)).resolves.toBe(false);
    await expect(verifyPassword(hash, STRONG_PASSWORD.toUpperCase())).resolves.toBe(false);
    await expect(verifyPassword(hash, '')).resolves.toBe(false);
  });

  it('answers false rather than throwing for a stored value that is not a hash', async () => {
    await expect(verifyPassword('not-a-hash', STRONG_PASSWORD)).resolves.toBe(false);
    await expect(verifyPassword('', STRONG_PASSWORD)).resolves.toBe(false);
  });

  it('never matches anything against the dummy hash', async () => {
    await expect(verifyAgainstDummy(STRONG_PASSWORD)).resolves.toBe(false);
    await expect(verifyAgainstDummy('abrazo-dummy-password-for-timing')).resolves.toBe(false);
  });
});

describe('password policy at registration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  function register(password: string, username = uniqueHandle()) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: `${username}@example.test`, username, password, displayName: 'Ana' },
    });
  }

  it.each([
    ['too short', 'corto123'],
    ['common', 'Password123'],
    ['longer than allowed', 'x'.repeat(PASSWORD_MAX_LENGTH + 1)],
  ])('refuses a %s password at body.password and creates no account', async (_kind, password) => {
    const username = uniqueHandle();
    const res = await register(password, username);
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details?.map((d) => d.path)).toEqual(['body.password']);
    expect((await t.app.inject({ url: `/api/v1/users/${username}` })).statusCode).toBe(404);
  });

  it('refuses the username as the password', async () => {
    const username = uniqueHandle('milonguero');
    const res = await register(username, username);
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.details?.map((d) => d.path)).toEqual(['body.password']);
  });

  it('accepts a passphrase of exactly 256 characters and stores it whole', async () => {
    const username = uniqueHandle();
    const password = 'milonga '.repeat(32);
    expect(password).toHaveLength(PASSWORD_MAX_LENGTH);
    expect((await register(password, username)).statusCode).toBe(201);
    const login = (p: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: username, password: p } });
    expect((await login(password)).statusCode).toBe(200);
    expect((await login(password.trimEnd())).statusCode).toBe(401);
  });
});

describe('password policy at password reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Asks for a reset link and reads its token from the outbox, as the mail's reader would. */
  async function resetTokenFor(email: string): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/forgot',
      payload: { email },
    });
    expect(res.statusCode).toBe(202);
    await t.app.background.drain();
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email));
    const token = mails
      .map((m) => /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(m.textBody)?.[1])
      .find((v) => v !== undefined);
    if (!token) throw new Error(`no reset mail for ${email}`);
    return token;
  }

  function reset(token: string, password: string) {
    return t.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password } });
  }

  it.each([
    ['too short', 'corto123'],
    ['common', 'TANGOTANGO'],
  ])('refuses a %s new password at body.password and keeps the token usable', async (_kind, password) => {
    const user = await registerUser(t.app);
    const token = await resetTokenFor(user.email);
    const res = await reset(token, password);
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.details?.map((d) => d.path)).toEqual(['body.password']);
    expect((await reset(token, 'una-clave-nueva-y-larga')).statusCode).toBe(204);
  });

  it.each([
    ['username', (u: { username: string; email: string }) => u.username],
    ['email', (u: { username: string; email: string }) => u.email],
  ])('refuses the %s as the new password, as registration and password change do', async (_what, pick) => {
    const user = await registerUser(t.app);
    const token = await resetTokenFor(user.email);
    const res = await reset(token, pick(user));
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.details?.map((d) => d.path)).toEqual(['body.password']);
  });
});
