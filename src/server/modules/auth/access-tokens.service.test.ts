import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SignJWT,
  base64url,
  decodeJwt,
  exportSPKI,
  generateKeyPair,
  type CryptoKey,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import { createTestApp, testConfig, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createSockets, listen } from '../../../../test/helpers/sockets.ts';
import type { Actor } from '../../lib/authz.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { ACCESS_TOKEN_TTL_SECONDS, createAccessTokens } from './access-tokens.service.ts';

const SECRET = new TextEncoder().encode(testConfig.jwtSecret);
const MINUTE = 60_000;

let t: TestApp;
let alice: RegisteredUser;
let bob: RegisteredUser;
let actor: Actor;
let rsa: { privateKey: CryptoKey; publicKeyPem: string };

beforeAll(async () => {
  t = await createTestApp();
  alice = await registerUser(t.app);
  bob = await registerUser(t.app);
  const claims = decodeJwt(alice.accessToken);
  actor = { userId: String(claims.sub), sessionId: String(claims.sid) };
  const pair = await generateKeyPair('RS256', { extractable: true });
  rsa = { privateKey: pair.privateKey, publicKeyPem: await exportSPKI(pair.publicKey) };
});
afterAll(() => t.close());

const clockAt = (offsetMs: number): Clock => ({ now: () => new Date(Date.now() + offsetMs) });

/** Every claim a genuine access token carries, for alice's session, valid now. */
function genuineClaims(): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: actor.userId,
    sid: actor.sessionId,
    iss: 'abrazo',
    aud: 'abrazo-api',
    jti: '5f0c1d2e-8a43-4b7e-9b1a-0c2d3e4f5a6b',
    iat: now,
    exp: now + ACCESS_TOKEN_TTL_SECONDS,
  };
}

/** Signs `claims` (genuine by default) with the app's secret and header unless told otherwise. */
async function forge(
  opts: {
    claims?: JWTPayload;
    header?: JWTHeaderParameters;
    key?: Uint8Array | CryptoKey;
  } = {},
): Promise<string> {
  return new SignJWT(opts.claims ?? genuineClaims())
    .setProtectedHeader(opts.header ?? { alg: 'HS256', typ: 'at+jwt' })
    .sign(opts.key ?? SECRET);
}

function without(claim: string): JWTPayload {
  const claims = genuineClaims();
  delete claims[claim];
  return claims;
}

function encodeSegment(value: object): string {
  return base64url.encode(JSON.stringify(value));
}

function getMe(headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
}

async function expectRefused(token: string, code = 'UNAUTHENTICATED') {
  const res = await getMe(bearer(token));
  expect(res.statusCode).toBe(401);
  const body = res.json<ErrorEnvelope>();
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(res.headers['x-request-id']);
  await expect(createAccessTokens(testConfig.jwtSecret, systemClock).verify(token)).rejects.toMatchObject({
    code,
  });
}

describe('access tokens on a protected route', () => {
  it('accepts the access token handed out at registration', async () => {
    const res = await getMe(bearer(alice.accessToken));
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: { id: string } }>().data.id).toBe(alice.user.id);
  });

  it('accepts a token forged here with every genuine claim (the attacks below change one thing each)', async () => {
    const res = await getMe(bearer(await forge()));
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: { id: string } }>().data.id).toBe(alice.user.id);
  });

  it('accepts a token issued 14 minutes ago', async () => {
    const token = (await createAccessTokens(testConfig.jwtSecret, clockAt(-14 * MINUTE)).sign(actor)).token;
    expect((await getMe(bearer(token))).statusCode).toBe(200);
  });

  it('answers TOKEN_EXPIRED for a token issued 16 minutes ago', async () => {
    const token = (await createAccessTokens(testConfig.jwtSecret, clockAt(-16 * MINUTE)).sign(actor)).token;
    await expectRefused(token, 'TOKEN_EXPIRED');
  });

  it('answers UNAUTHENTICATED, not TOKEN_EXPIRED, for an expired token with a bad signature', async () => {
    const token = (
      await createAccessTokens('some-other-secret-0123456789', clockAt(-16 * MINUTE)).sign(actor)
    ).token;
    await expectRefused(token);
  });

  it('refuses a token whose subject was changed after signing', async () => {
    const [header, payload, signature] = alice.accessToken.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))) as JWTPayload;
    const tampered = `${header}.${encodeSegment({ ...claims, sub: bob.user.id })}.${signature}`;
    await expectRefused(tampered);
  });

  it('refuses a token signed with another secret', async () => {
    await expectRefused(
      await forge({ key: new TextEncoder().encode('another-secret-that-is-long-enough-0123') }),
    );
  });

  it('refuses an unsigned token with alg "none"', async () => {
    const header = encodeSegment({ alg: 'none', typ: 'at+jwt' });
    await expectRefused(`${header}.${encodeSegment(genuineClaims())}.`);
  });

  it('refuses an alg "none" token carrying the signature of a genuine one', async () => {
    const signature = alice.accessToken.split('.')[2] ?? '';
    const header = encodeSegment({ alg: 'none', typ: 'at+jwt' });
    await expectRefused(`${header}.${encodeSegment(genuineClaims())}.${signature}`);
  });

  it('refuses a token signed RS256 with a key pair of the attacker', async () => {
    await expectRefused(await forge({ header: { alg: 'RS256', typ: 'at+jwt' }, key: rsa.privateKey }));
  });

  it('refuses a token signed HS256 with an RSA public key PEM as the HMAC secret', async () => {
    await expectRefused(await forge({ key: new TextEncoder().encode(rsa.publicKeyPem) }));
  });

  it('refuses a token signed with the right secret but HS512', async () => {
    await expectRefused(await forge({ header: { alg: 'HS512', typ: 'at+jwt' } }));
  });

  it('refuses a correctly signed JWT of type "JWT"', async () => {
    await expectRefused(await forge({ header: { alg: 'HS256', typ: 'JWT' } }));
  });

  it('refuses a correctly signed JWT without a type', async () => {
    await expectRefused(await forge({ header: { alg: 'HS256' } }));
  });

  it('refuses a token from another issuer', async () => {
    await expectRefused(await forge({ claims: { ...genuineClaims(), iss: 'someone-else' } }));
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(await forge({ claims: { ...genuineClaims(), aud: 'abrazo-admin' } }));
  });

  it.each(['jti', 'sid', 'sub', 'exp', 'iat'])('refuses a token without %s', async (claim) => {
    await expectRefused(await forge({ claims: without(claim) }));
  });

  it('refuses a token whose session id is not a string', async () => {
    await expectRefused(await forge({ claims: { ...genuineClaims(), sid: 42 } }));
  });

  it.each<[string, Record<string, unknown>]>([
    ['a subject that is not a UUID', { sub: 'not-a-uuid' }],
    ['an empty subject', { sub: '' }],
    ['a session id that is not a UUID', { sid: 'session-1' }],
    ['a session id that is an object', { sid: { id: '5f0c1d2e-8a43-4b7e-9b1a-0c2d3e4f5a6b' } }],
    ['a jti that is not a string', { jti: 42 }],
  ])('refuses a correctly signed token with %s as UNAUTHENTICATED, not a 500', async (_what, claims) => {
    await expectRefused(await forge({ claims: { ...genuineClaims(), ...claims } }));
  });

  it('refuses a token that is not valid yet', async () => {
    const nbf = Math.floor(Date.now() / 1000) + 600;
    await expectRefused(await forge({ claims: { ...genuineClaims(), nbf } }));
  });

  it('refuses garbage in the shape of a bearer token', async () => {
    await expectRefused('not.a.jwt');
  });

  it.each(['Token abc', 'Bearer', 'Bearer ', 'Bearer a b', 'bearer abc', `Basic ${btoa('ana:secret')}`])(
    'refuses the malformed Authorization header %j with UNAUTHENTICATED',
    async (authorization) => {
      const res = await getMe({ authorization });
      expect(res.statusCode).toBe(401);
      expect(res.json<ErrorEnvelope>().error.code).toBe('UNAUTHENTICATED');
    },
  );

  it('refuses a request without an Authorization header with UNAUTHENTICATED', async () => {
    const res = await getMe();
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorEnvelope>().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('correctly signed tokens with malformed claims over Socket.IO', () => {
  const sockets = createSockets();
  let url = '';
  beforeAll(async () => {
    url = await listen(t);
  });
  afterAll(() => sockets.closeAll());

  it('fails the handshake with UNAUTHENTICATED', async () => {
    const token = await forge({ claims: { ...genuineClaims(), sub: 'not-a-uuid' } });
    await expect(sockets.open(url, token)).rejects.toMatchObject({
      message: 'UNAUTHENTICATED',
      data: { code: 'UNAUTHENTICATED' },
    });
  });

  it('answers auth:refresh with UNAUTHENTICATED and keeps the socket open', async () => {
    const socket = await sockets.open(url, alice.accessToken);
    const token = await forge({ claims: { ...genuineClaims(), sid: 'session-1' } });
    expect(await socket.emitWithAck('auth:refresh', { token })).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'The access token is invalid.' },
    });
    expect(socket.connected).toBe(true);
  });
});

describe('createAccessTokens', () => {
  const tokens = createAccessTokens(testConfig.jwtSecret, systemClock);

  it('verifies what it signs back to the same actor', async () => {
    const { token, expiresIn } = await tokens.sign(actor);
    expect(expiresIn).toBe(15 * 60);
    const verified = await tokens.verify(token);
    expect({ userId: verified.userId, sessionId: verified.sessionId }).toEqual(actor);
    // The expiry a socket schedules its disconnect by: 15 minutes from the signing time, to the second.
    expect(Math.abs(verified.expiresAt.getTime() - (Date.now() + 15 * 60_000))).toBeLessThan(2_000);
  });

  it('signs HS256 at+jwt tokens with the claims the verifier requires, valid for 15 minutes', async () => {
    const { token } = await tokens.sign(actor);
    const [header] = token.split('.');
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(header ?? '')))).toEqual({
      alg: 'HS256',
      typ: 'at+jwt',
    });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: actor.userId,
      sid: actor.sessionId,
      iss: 'abrazo',
      aud: 'abrazo-api',
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(15 * 60);
  });

  it('gives every token its own jti', async () => {
    const a = decodeJwt((await tokens.sign(actor)).token).jti;
    const b = decodeJwt((await tokens.sign(actor)).token).jti;
    expect(a).not.toBe(b);
  });

  it('reports expiry by the injected clock', async () => {
    const { token } = await tokens.sign(actor);
    const later = createAccessTokens(testConfig.jwtSecret, clockAt(16 * MINUTE));
    await expect(later.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED', status: 401 });
  });

  it('still expires a token it has already verified once', async () => {
    let now = Date.now();
    const clock = { now: () => new Date(now) };
    const local = createAccessTokens(testConfig.jwtSecret, clock);
    const { token } = await local.sign(actor);
    expect((await local.verify(token)).userId).toBe(actor.userId);
    expect((await local.verify(token)).userId).toBe(actor.userId);
    now += 16 * MINUTE;
    await expect(local.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('checks a token that differs in one character from one it verified, and refuses it', async () => {
    const { token } = await tokens.sign(actor);
    await tokens.verify(token);
    // A character in the middle of the signature: the last one may only carry padding bits.
    const at = token.length - 10;
    const swapped = token[at] === 'A' ? 'B' : 'A';
    await expect(tokens.verify(token.slice(0, at) + swapped + token.slice(at + 1))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const [header, , signature] = token.split('.');
    const otherPayload = base64url.encode(JSON.stringify({ ...decodeJwt(token), sub: 'someone-else' }));
    await expect(tokens.verify(`${header}.${otherPayload}.${signature}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('hands out a copy of what it remembers, so a caller cannot change the next answer', async () => {
    const { token } = await tokens.sign(actor);
    const first = await tokens.verify(token);
    const expiry = first.expiresAt.getTime();
    first.userId = 'changed';
    first.expiresAt.setTime(expiry + 60 * MINUTE);
    const again = await tokens.verify(token);
    expect(again.userId).toBe(actor.userId);
    expect(again.expiresAt.getTime()).toBe(expiry);
  });

  it('refuses a token of the same shape signed by an instance with another secret', async () => {
    const other = createAccessTokens('a-different-secret-0123456789-abcdef', systemClock);
    const { token } = await other.sign(actor);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
