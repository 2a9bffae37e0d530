import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser } from '../../../test/helpers/auth.ts';
import type { ErrorEnvelope } from '../../contract/envelope.ts';

// PostgreSQL cannot store U+0000; without the guard each of these was a 500.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('NUL characters in input', () => {
  it('are refused in a JSON body with the field named', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'ana\u0000', password: 'whatever-password' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.login' }],
    });
  });

  it('are refused in path parameters and query strings', async () => {
    const param = await t.app.inject({ url: '/api/v1/users/ab%00c' });
    expect(param.statusCode).toBe(400);
    expect(param.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('params.username');
    const query = await t.app.inject({ url: '/api/v1/users?city=a%00b' });
    expect(query.statusCode).toBe(400);
    expect(query.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('query.city');
  });

  it('are refused in nested profile fields and leave the profile as it was', async () => {
    const u = await registerUser(t.app, { city: 'Rosario' });
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(u.accessToken),
      payload: { bio: 'milonga\u0000', city: 'Córdoba' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('body.bio');
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer(u.accessToken) });
    expect(me.json<{ data: { city: string } }>().data.city).toBe('Rosario');
  });
});

describe('lone surrogates in input', () => {
  it('are refused instead of being stored as U+FFFD', async () => {
    const u = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...bearer(u.accessToken), 'content-type': 'application/json' },
      payload: '{"bio": "a\\ud800b"}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.bio' }],
    });
  });

  it('still accept well-formed pairs such as emoji', async () => {
    const u = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...bearer(u.accessToken), 'content-type': 'application/json' },
      payload: '{"bio": "\\ud83d\\udc83 milonga"}',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: { bio: string } }>().data.bio).toBe('💃 milonga');
  });
});
