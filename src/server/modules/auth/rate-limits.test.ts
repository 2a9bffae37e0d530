import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimits } from '../../plugins/rate-limit.ts';
import { createTestApp, testConfig, type TestApp } from '../../../../test/helpers/app.ts';
import { STRONG_PASSWORD, registerUser, uniqueHandle } from '../../../../test/helpers/auth.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

function appWith(limits: Partial<RateLimits>, redisPrefix?: string): Promise<TestApp> {
  return createTestApp({
    config: { rateLimits: { ...testConfig.rateLimits, ...limits } },
    ...(redisPrefix ? { redisPrefix } : {}),
  });
}

/** A fresh client address, so each test has buckets of its own. */
function newIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

function expectRateLimited(res: LightMyRequestResponse, windowSeconds: number) {
  expect(res.statusCode).toBe(429);
  const body = res.json<ErrorEnvelope>();
  expect(body.error.code).toBe('RATE_LIMITED');
  expect(body.error.requestId).toBe(res.headers['x-request-id']);
  const retryAfter = String(res.headers['retry-after']);
  expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
  expect(Number(retryAfter)).toBeLessThanOrEqual(windowSeconds);
}

function login(app: FastifyInstance, ip: string, loginName: string, password: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    payload: { login: loginName, password },
  });
}

const WRONG_PASSWORD = 'not-the-right-password-at-all';

describe('login limit per account and IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ loginPerAccountPer15Min: 3 });
  });
  afterAll(() => t.close());

  it('refuses the 4th login for one account from one IP, even with the right password', async () => {
    const ip = newIp();
    const user = await registerUser(t.app);
    for (let i = 0; i < 3; i++)
      expect((await login(t.app, ip, user.username, WRONG_PASSWORD)).statusCode).toBe(401);
    expectRateLimited(await login(t.app, ip, user.username, user.password), 15 * 60);
  });

  it('counts the same login in any letter case and with surrounding spaces', async () => {
    const ip = newIp();
    const user = await registerUser(t.app);
    const spellings = [user.email, user.email.toUpperCase(), `  ${user.email}  `];
    for (const spelling of spellings)
      expect((await login(t.app, ip, spelling, WRONG_PASSWORD)).statusCode).toBe(401);
    expectRateLimited(await login(t.app, ip, user.email, user.password), 15 * 60);
  });

  it('still lets another account sign in from the same IP', async () => {
    const ip = newIp();
    const victim = await registerUser(t.app);
    const other = await registerUser(t.app);
    for (let i = 0; i < 4; i++) await login(t.app, ip, victim.username, WRONG_PASSWORD);
    expectRateLimited(await login(t.app, ip, victim.username, victim.password), 15 * 60);
    expect((await login(t.app, ip, other.username, other.password)).statusCode).toBe(200);
  });

  it('still lets the same account sign in from another IP', async () => {
    const user = await registerUser(t.app);
    const attacker = newIp();
    for (let i = 0; i < 4; i++) await login(t.app, attacker, user.username, WRONG_PASSWORD);
    expectRateLimited(await login(t.app, attacker, user.username, user.password), 15 * 60);
    expect((await login(t.app, newIp(), user.username, user.password)).statusCode).toBe(200);
  });
});

describe('login limit per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ loginPerIpPer15Min: 5 });
  });
  afterAll(() => t.close());

  it('refuses the 6th login from one IP across different accounts', async () => {
    const ip = newIp();
    const user = await registerUser(t.app);
    for (let i = 0; i < 5; i++) {
      expect((await login(t.app, ip, uniqueHandle('nobody'), WRONG_PASSWORD)).statusCode).toBe(401);
    }
    expectRateLimited(await login(t.app, ip, user.username, user.password), 15 * 60);
  });

  it('still lets another IP sign in', async () => {
    const ip = newIp();
    const user = await registerUser(t.app);
    for (let i = 0; i < 6; i++) await login(t.app, ip, uniqueHandle('nobody'), WRONG_PASSWORD);
    expectRateLimited(await login(t.app, ip, user.username, user.password), 15 * 60);
    expect((await login(t.app, newIp(), user.username, user.password)).statusCode).toBe(200);
  });
});

describe('registration limit per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ registerPerIpPerHour: 2 });
  });
  afterAll(() => t.close());

  function register(ip: string, username = uniqueHandle()) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      remoteAddress: ip,
      payload: { email: `${username}@example.test`, username, password: STRONG_PASSWORD, displayName: 'Ana' },
    });
  }

  it('refuses the 3rd registration from one IP and creates no account for it', async () => {
    const ip = newIp();
    expect((await register(ip)).statusCode).toBe(201);
    expect((await register(ip)).statusCode).toBe(201);
    const username = uniqueHandle();
    expectRateLimited(await register(ip, username), 60 * 60);
    expect((await t.app.inject({ url: `/api/v1/users/${username}` })).statusCode).toBe(404);
  });

  it('still lets another IP register', async () => {
    const ip = newIp();
    for (let i = 0; i < 3; i++) await register(ip);
    expectRateLimited(await register(ip), 60 * 60);
    expect((await register(newIp())).statusCode).toBe(201);
  });
});

describe('password reset limit per account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ passwordResetPerAccountPerHour: 2 });
  });
  afterAll(() => t.close());

  function forgot(email: string, ip = newIp()) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/forgot',
      remoteAddress: ip,
      payload: { email },
    });
  }

  it('refuses the 3rd request for one address in any letter case, from any IP', async () => {
    const user = await registerUser(t.app);
    expect((await forgot(user.email)).statusCode).toBe(202);
    expect((await forgot(user.email.toUpperCase())).statusCode).toBe(202);
    const mixed = user.email.charAt(0).toUpperCase() + user.email.slice(1);
    expectRateLimited(await forgot(mixed), 60 * 60);
  });

  it('still accepts a request for another address', async () => {
    const user = await registerUser(t.app);
    const other = await registerUser(t.app);
    for (let i = 0; i < 3; i++) await forgot(user.email);
    expectRateLimited(await forgot(user.email), 60 * 60);
    expect((await forgot(other.email)).statusCode).toBe(202);
  });

  it('limits an address without an account the same way, so the limit does not reveal accounts', async () => {
    const email = `${uniqueHandle('nobody')}@example.test`;
    expect((await forgot(email)).statusCode).toBe(202);
    expect((await forgot(email)).statusCode).toBe(202);
    expectRateLimited(await forgot(email), 60 * 60);
  });
});

describe('global per-IP ceiling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ globalPerMinute: 5 });
  });
  afterAll(() => t.close());

  const getUser = (ip: string) => t.app.inject({ url: '/api/v1/users/someone', remoteAddress: ip });

  it('refuses the 6th request in a minute from one IP', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await getUser(ip)).statusCode).toBe(404);
    expectRateLimited(await getUser(ip), 60);
  });

  it('announces the allowance only once it is spent', async () => {
    const ip = newIp();
    const first = await getUser(ip);
    for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
      expect(first.headers[name]).toBeUndefined();
    for (let i = 0; i < 4; i++) await getUser(ip);
    const refused = await getUser(ip);
    expectRateLimited(refused, 60);
    expect(refused.headers['x-ratelimit-limit']).toBe('5');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
  });

  it.each(['/healthz', '/readyz', '/metrics'])(
    'leaves %s out: it is never refused and does not count',
    async (url) => {
      const ip = newIp();
      for (let i = 0; i < 10; i++)
        expect((await t.app.inject({ url, remoteAddress: ip })).statusCode).toBe(200);
      for (let i = 0; i < 5; i++) expect((await getUser(ip)).statusCode).toBe(404);
      expectRateLimited(await getUser(ip), 60);
      expect((await t.app.inject({ url, remoteAddress: ip })).statusCode).toBe(200);
    },
  );

  it('does not hold one IP back because of another', async () => {
    const noisy = newIp();
    for (let i = 0; i < 6; i++) await getUser(noisy);
    expectRateLimited(await getUser(noisy), 60);
    expect((await getUser(newIp())).statusCode).toBe(404);
  });
});

describe('limits shared through Redis', () => {
  const noRedis = !process.env.TEST_REDIS_URL;
  const skipMessage = noRedis ? ' (skipped: set TEST_REDIS_URL to run)' : '';

  it.skipIf(noRedis)(
    `counts logins made to either of two instances with the same Redis prefix${skipMessage}`,
    async () => {
      const prefix = `abrazo-test-shared-${randomBytes(6).toString('hex')}`;
      const a = await appWith({ loginPerAccountPer15Min: 3 }, prefix);
      const b = await appWith({ loginPerAccountPer15Min: 3 }, prefix);
      const elsewhere = await appWith({ loginPerAccountPer15Min: 3 });
      try {
        const ip = newIp();
        const name = uniqueHandle('shared');
        expect((await login(a.app, ip, name, WRONG_PASSWORD)).statusCode).toBe(401);
        expect((await login(b.app, ip, name, WRONG_PASSWORD)).statusCode).toBe(401);
        expect((await login(a.app, ip, name, WRONG_PASSWORD)).statusCode).toBe(401);
        expectRateLimited(await login(b.app, ip, name, WRONG_PASSWORD), 15 * 60);
        expectRateLimited(await login(a.app, ip, name, WRONG_PASSWORD), 15 * 60);
        // Another deployment (another prefix) keeps counts of its own.
        expect((await login(elsewhere.app, ip, name, WRONG_PASSWORD)).statusCode).toBe(401);
      } finally {
        await Promise.all([a.close(), b.close(), elsewhere.close()]);
      }
    },
  );

  it.skipIf(noRedis)(
    `counts the global ceiling across two instances with the same Redis prefix${skipMessage}`,
    async () => {
      const prefix = `abrazo-test-shared-${randomBytes(6).toString('hex')}`;
      const a = await appWith({ globalPerMinute: 4 }, prefix);
      const b = await appWith({ globalPerMinute: 4 }, prefix);
      try {
        const ip = newIp();
        for (const t of [a, b, a, b]) {
          expect((await t.app.inject({ url: '/api/v1/users/someone', remoteAddress: ip })).statusCode).toBe(
            404,
          );
        }
        expectRateLimited(await a.app.inject({ url: '/api/v1/users/someone', remoteAddress: ip }), 60);
        expectRateLimited(await b.app.inject({ url: '/api/v1/users/someone', remoteAddress: ip }), 60);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    },
  );
});
