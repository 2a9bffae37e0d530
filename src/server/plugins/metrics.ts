import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppError } from '../lib/errors.ts';
import { constantTimeEqual } from '../lib/secure-compare.ts';

export interface MetricsOptions {
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/** Per-route latency histogram and process metrics at GET /metrics (Prometheus text format). */
export const metricsPlugin = fp<MetricsOptions>(
  (app: FastifyInstance, opts) => {
    // One registry per app, so several apps in one process (tests, benches) never collide.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.decorate('metrics', registry);

    // One bound child per (method, route, status): label hashing per request showed up in profiles.
    const children = new Map<string, { observe(value: number): void }>();
    app.addHook('onResponse', (req, reply, done) => {
      // The route pattern, never the raw URL: unbounded label values would exhaust memory.
      const route = req.routeOptions.url ?? '(unmatched)';
      const key = `${req.method} ${reply.statusCode} ${route}`;
      let child = children.get(key);
      if (!child) {
        child = duration.labels(req.method, route, String(reply.statusCode));
        children.set(key, child);
      }
      child.observe(reply.elapsedTime / 1000);
      done();
    });

    const expected = opts.token ? `Bearer ${opts.token}` : undefined;
    app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (req, reply) => {
      if (expected) {
        if (!constantTimeEqual(req.headers.authorization ?? '', expected)) {
          throw new AppError('UNAUTHENTICATED', 'A valid metrics token is required.');
        }
      }
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'metrics' },
);

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}
