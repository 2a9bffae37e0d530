import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { errors } from '../lib/errors.ts';
import type { ErrorEnvelope } from '../../contract/envelope.ts';

let t: TestApp;

function addTestRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/test/echo',
    {
      schema: {
        body: z.object({ content: z.string().min(1), level: z.number().int().max(5).optional() }),
        querystring: z.object({ mode: z.enum(['a', 'b']).optional() }),
        response: { 200: z.object({ data: z.object({ content: z.string() }) }) },
      },
    },
    async (req) => ({ data: { content: req.body.content } }),
  );
  r.get('/test/boom', async () => {
    throw new Error('database password is hunter2 at /srv/secret.ts:42');
  });
  // Errors shaped like those node-postgres wraps in Drizzle's query error (code on the cause).
  r.get('/test/pg/:state', async (req) => {
    const { state } = req.params as { state: string };
    throw Object.assign(new Error('Failed query'), {
      cause: Object.assign(new Error('pg'), { code: state }),
    });
  });
  r.get('/test/conflict', async () => {
    throw errors.conflict('Username taken.');
  });
  r.get(
    '/test/leaky',
    { schema: { response: { 200: z.object({ data: z.object({ id: z.string() }) }) } } },
    // Extra fields never pass the response schema.
    async () => ({ data: { id: 'u1', email: 'secret@example.test', passwordHash: 'argon2id$...' } }),
  );
  r.get(
    '/test/bad-response',
    { schema: { response: { 200: z.object({ data: z.object({ id: z.string() }) }) } } },
    // A required field missing: the serializer refuses to write the body.
    async () => ({ data: {} }) as unknown as { data: { id: string } },
  );
}

beforeAll(async () => {
  t = await createTestApp({ captureLogs: true, extend: addTestRoutes });
});
afterAll(() => t.close());

describe('error envelope', () => {
  it('turns zod validation errors into VALIDATION_FAILED with field paths', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/test/echo', payload: { content: '', level: 9 } });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect((body.error.details ?? []).map((d) => d.path).sort()).toEqual(['body.content', 'body.level']);
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('names query parameters as query.<name>', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/test/echo?mode=z', payload: { content: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('query.mode');
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"content": "abrazo",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.code).toBe('VALIDATION_FAILED');
  });

  it('answers an empty JSON body with 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.code).toBe('VALIDATION_FAILED');
  });

  it('answers a body over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ content: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorEnvelope>().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/xml' },
      payload: '<content>x</content>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json<ErrorEnvelope>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown route with a 404 envelope', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toBe('No route for GET /api/v1/nothing-here.');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('keeps the status of a catalogued error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: { code: 'CONFLICT', message: 'Username taken.', requestId: res.headers['x-request-id'] },
    });
  });

  it('hides an unexpected exception behind a generic 500 and logs the stack', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/boom' });
    expect(res.statusCode).toBe(500);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('INTERNAL');
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('secret.ts');
    const logged = t.logs.find((l) => l.reqId === body.error.requestId && l.msg === 'request failed');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('hunter2');
    expect(JSON.stringify(logged)).toContain('stack');
  });

  it('strips fields that are not in the response schema', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/leaky' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { id: 'u1' } });
    expect(res.body).not.toContain('secret@example.test');
  });

  it('answers a response that breaks its schema with 500, not the bad body', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/bad-response' });
    expect(res.statusCode).toBe(500);
    expect(res.json<ErrorEnvelope>().error.code).toBe('INTERNAL');
  });
});

describe('URLs that fail before routing', () => {
  it.each([
    ['malformed percent-encoding', '/api/v1/users/%zz'],
    ['an over-long path parameter', `/api/v1/users/${'x'.repeat(101)}`],
  ])('answer %s with a 400 envelope, request id and security headers', async (_label, url) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      requestId: res.headers['x-request-id'],
    });
    expect(res.headers['content-security-policy']).toEqual(expect.any(String));
  });
});

describe('database errors from concurrent changes', () => {
  it.each([
    ['23503', 404, 'NOT_FOUND'],
    ['40P01', 409, 'CONFLICT'],
    ['40001', 409, 'CONFLICT'],
    ['42P01', 500, 'INTERNAL'],
  ])('SQLSTATE %s answers %i %s', async (state, status, code) => {
    const res = await t.app.inject({ url: `/test/pg/${state}` });
    expect(res.statusCode).toBe(status);
    expect(res.json<ErrorEnvelope>().error.code).toBe(code);
  });
});
