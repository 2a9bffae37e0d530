import { Histogram, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createUser } from '../../../test/factories/users.ts';
import { RouteLatencyHistogram } from './metrics.ts';
import type { ErrorEnvelope } from '../../contract/envelope.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('GET /metrics without a token configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves Prometheus text with process metrics', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(res.body).toMatch(/^nodejs_heap_size_total_bytes \d/m);
  });

  it('records latency under the route pattern, never the raw URL', async () => {
    const user = await createUser(t.database.db);
    expect((await t.app.inject({ url: `/api/v1/users/${user.username}` })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/users/nobody_here_at_all' })).statusCode).toBe(404);

    const res = await t.app.inject({ url: '/metrics' });
    const buckets = res.body.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_bucket{'));
    const forRoute = buckets.filter((l) => l.includes('route="/api/v1/users/:username"'));
    expect(forRoute.some((l) => l.includes('status_code="200"') && l.includes('method="GET"'))).toBe(true);
    expect(forRoute.some((l) => l.includes('status_code="404"'))).toBe(true);
    expect(res.body).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/users\/:username",status_code="200"\} 1$/m,
    );
    expect(res.body).not.toContain(user.username);
    expect(res.body).not.toContain('nobody_here_at_all');
  });

  it('labels requests to unknown routes as unmatched', async () => {
    await t.app.inject({ url: '/api/v1/no-such-thing/123' });
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.body).toContain('route="(unmatched)"');
    expect(res.body).not.toContain('no-such-thing');
  });
});

describe('GET /metrics with a token configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { metricsToken: TOKEN } });
  });
  afterAll(() => t.close());

  it.each([
    ['no token', undefined],
    ['a wrong token', `Bearer ${TOKEN.slice(0, -1)}x`],
    ['the token without the Bearer scheme', TOKEN],
    ['a longer token', `Bearer ${TOKEN}0`],
  ])('rejects %s with a 401 UNAUTHENTICATED envelope', async (_label, authorization) => {
    const res = await t.app.inject({
      url: '/metrics',
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(res.statusCode).toBe(401);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toContain('process_cpu');
  });

  it('serves the metrics to the right Bearer token', async () => {
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds');
  });
});

describe('RouteLatencyHistogram', () => {
  const observations: [string, string, number, number][] = [
    ['GET', '/api/v1/users/:username', 200, 0.0012],
    ['GET', '/api/v1/users/:username', 200, 0.005],
    ['GET', '/api/v1/users/:username', 200, 0.3],
    ['GET', '/api/v1/users/:username', 404, 0.02],
    ['POST', '/api/v1/memories', 201, 12],
    ['GET', '/odd/"quoted"\\path', 200, 1],
  ];

  it("writes what prom-client's Histogram writes for the same observations", async () => {
    const ours = new RouteLatencyHistogram();
    const registry = new Registry();
    const theirs = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    for (const [method, route, status, seconds] of observations) {
      ours.observe(method, route, status, seconds);
      theirs.labels(method, route, String(status)).observe(seconds);
    }
    expect(ours.render()).toBe(await registry.metrics());
  });

  it('counts an observation on a bucket bound in that bucket, and one past the last in +Inf only', () => {
    const h = new RouteLatencyHistogram();
    h.observe('GET', '/x', 200, 0.005);
    h.observe('GET', '/x', 200, 11);
    const lines = h.render().split('\n');
    expect(lines).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/x",status_code="200"} 1',
    );
    expect(lines).toContain(
      'http_request_duration_seconds_bucket{le="10",method="GET",route="/x",status_code="200"} 1',
    );
    expect(lines).toContain(
      'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/x",status_code="200"} 2',
    );
    expect(lines).toContain(
      'http_request_duration_seconds_count{method="GET",route="/x",status_code="200"} 2',
    );
  });
});
