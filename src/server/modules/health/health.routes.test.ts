import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

describe('with a working database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers GET /healthz with 200 ok', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /readyz with 200 ok', async () => {
    const res = await t.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});

describe('when the database does not answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    const real = await createTestDatabase();
    t = await createTestApp({
      captureLogs: true,
      database: { ...real, ping: () => Promise.reject(new Error('connection refused: db is down')) },
    });
  });
  afterAll(() => t.close());

  it('still answers GET /healthz with 200, since the process is up', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /readyz with a 503 UNAVAILABLE envelope and logs why', async () => {
    const res = await t.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('UNAVAILABLE');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toContain('connection refused');
    const warning = t.logs.find(
      (l) => l.reqId === body.error.requestId && l.msg === 'readiness check failed',
    );
    expect(warning?.level).toBe(40);
    expect(JSON.stringify(warning)).toContain('connection refused: db is down');
  });
});

describe('when the database hangs', () => {
  let t: TestApp;
  beforeAll(async () => {
    const real = await createTestDatabase();
    t = await createTestApp({ database: { ...real, ping: () => new Promise<void>(() => undefined) } });
  });
  afterAll(() => t.close());

  it('answers GET /readyz with 503 within a few seconds instead of hanging the probe', async () => {
    const started = Date.now();
    const res = await t.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json<ErrorEnvelope>().error.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
