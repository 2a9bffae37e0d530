import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { ErrorEnvelope } from '../../contract/envelope.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RESPONSE_TIME = /^\d+(\.\d+)?ms$/;

let t: TestApp;

function addTestRoutes(app: FastifyInstance) {
  app.get('/test/slow/:n', async () => {
    await sleep(80);
    return { ok: true };
  });
  app.get('/test/fast', async () => ({ ok: true }));
  app.post('/test/change', async () => ({ ok: true }));
  app.get('/test/chatty', async (req) => {
    req.log.info('handler says hello');
    req.log.debug('handler says more');
    return { ok: true };
  });
}

beforeAll(async () => {
  t = await createTestApp({ captureLogs: true, config: { slowRequestMs: 50 }, extend: addTestRoutes });
});
afterAll(() => t.close());

describe('request id', () => {
  it('keeps a well-formed incoming X-Request-Id and echoes it', async () => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'req-abc-12345' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-abc-12345');
  });

  it.each([
    ['too short', 'abc'],
    ['markup', '<script>alert(1)</script>'],
    ['spaces', 'has spaces in it'],
    ['too long', 'x'.repeat(129)],
  ])('replaces a malformed incoming id (%s) with a generated UUID', async (_label, incoming) => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': incoming } });
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(res.headers['x-request-id']).not.toBe(incoming);
  });

  it('generates a different UUID for each request without an id', async () => {
    const [a, b] = await Promise.all([t.app.inject({ url: '/healthz' }), t.app.inject({ url: '/healthz' })]);
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('puts the kept id in error bodies', async () => {
    const res = await t.app.inject({
      url: '/api/v1/users/nobody_at_all',
      headers: { 'x-request-id': 'trace-error-0001' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>().error.requestId).toBe('trace-error-0001');
    expect(res.headers['x-request-id']).toBe('trace-error-0001');
  });

  it('stamps every log line of a request with its id', async () => {
    const id = 'trace-logs-0002';
    const res = await t.app.inject({ url: '/test/chatty', headers: { 'x-request-id': id } });
    expect(res.statusCode).toBe(200);
    const handlerLines = t.logs.filter(
      (l) => l.msg === 'handler says hello' || l.msg === 'handler says more',
    );
    const completion = t.logs.filter((l) => l.msg === 'request completed' && l.url === '/test/chatty');
    expect(handlerLines).toHaveLength(2);
    expect(completion).toHaveLength(1);
    for (const line of [...handlerLines, ...completion]) expect(line.reqId).toBe(id);
    expect(t.logs.filter((l) => l.reqId === id)).toHaveLength(3);
  });

  it('stamps the log lines of a failed request with its id', async () => {
    const id = 'trace-logs-0003';
    await t.app.inject({ url: '/api/v1/users?limit=0', headers: { 'x-request-id': id } });
    const lines = t.logs.filter((l) => l.reqId === id);
    expect(lines.map((l) => l.msg)).toEqual(['client error', 'request completed']);
  });
});

describe('response time', () => {
  it.each([
    ['a success', '/healthz', 200],
    ['an error', '/api/v1/users?limit=0', 400],
    ['an unknown route', '/api/v1/nowhere', 404],
  ])('is reported on %s', async (_label, url, status) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['x-response-time']).toMatch(RESPONSE_TIME);
  });
});

describe('request log', () => {
  it('logs a request slower than slowRequestMs as a warning with its route and id', async () => {
    const res = await t.app.inject({ url: '/test/slow/7', headers: { 'x-request-id': 'trace-slow-0004' } });
    expect(res.statusCode).toBe(200);
    const line = t.logs.find((l) => l.reqId === 'trace-slow-0004' && l.url === '/test/slow/7');
    expect(line).toMatchObject({
      level: 40,
      msg: 'slow request',
      route: '/test/slow/:n',
      method: 'GET',
      statusCode: 200,
    });
    expect(line?.ms).toBeGreaterThanOrEqual(50);
  });

  it('logs a fast successful read once at debug', async () => {
    await t.app.inject({ url: '/test/fast', headers: { 'x-request-id': 'trace-fast-0005' } });
    const lines = t.logs.filter((l) => l.reqId === 'trace-fast-0005');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 20,
      msg: 'request completed',
      route: '/test/fast',
      statusCode: 200,
    });
  });

  it('logs a failed request at info', async () => {
    await t.app.inject({ url: '/api/v1/users?limit=0', headers: { 'x-request-id': 'trace-fail-0007' } });
    const line = t.logs.find((l) => l.reqId === 'trace-fail-0007' && l.msg === 'request completed');
    expect(line).toMatchObject({ level: 30, route: '/api/v1/users', statusCode: 400 });
  });

  it('at level info, writes no line for a fast successful read and one for a change, a failure or a slow request', async () => {
    const quiet = await createTestApp({
      captureLogs: 'info',
      config: { slowRequestMs: 50 },
      extend: addTestRoutes,
    });
    try {
      await quiet.app.inject({ url: '/test/fast', headers: { 'x-request-id': 'trace-info-0008' } });
      await quiet.app.inject({ url: '/api/v1/nowhere', headers: { 'x-request-id': 'trace-info-0009' } });
      await quiet.app.inject({ url: '/test/slow/1', headers: { 'x-request-id': 'trace-info-0010' } });
      await quiet.app.inject({
        method: 'POST',
        url: '/test/change',
        headers: { 'x-request-id': 'trace-info-0011' },
      });
      expect(quiet.logs.filter((l) => l.reqId === 'trace-info-0011')).toMatchObject([
        { level: 30, msg: 'request completed', method: 'POST', statusCode: 200 },
      ]);
      expect(quiet.logs.filter((l) => l.reqId === 'trace-info-0008')).toEqual([]);
      expect(quiet.logs.filter((l) => l.reqId === 'trace-info-0009')).toMatchObject([
        { level: 30, msg: 'request completed', statusCode: 404 },
      ]);
      expect(quiet.logs.filter((l) => l.reqId === 'trace-info-0010')).toMatchObject([
        { level: 40, msg: 'slow request', statusCode: 200 },
      ]);
    } finally {
      await quiet.close();
    }
  });

  it('logs an unmatched route as (unmatched), never the raw URL as its route', async () => {
    await t.app.inject({ url: '/api/v1/nowhere/42', headers: { 'x-request-id': 'trace-miss-0006' } });
    const line = t.logs.find((l) => l.reqId === 'trace-miss-0006');
    expect(line).toMatchObject({ route: '(unmatched)', statusCode: 404, url: '/api/v1/nowhere/42' });
  });
});
