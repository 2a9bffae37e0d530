import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { AppError } from '../lib/errors.ts';
import { constantTimeEqual } from '../lib/secure-compare.ts';

export interface MetricsOptions {
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  token: string | undefined;
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: string;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * http_request_duration_seconds by method, route pattern and status, counted in plain arrays and written
 * out in Prometheus text at scrape time. prom-client's Histogram validated and hashed the labels on every
 * observation, which cost ~8 % of a small response's throughput in bench:http.
 */
export class RouteLatencyHistogram {
  readonly name = 'http_request_duration_seconds';
  readonly #series = new Map<string, Series>();

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${statusCode} ${route}`;
    let series = this.#series.get(key);
    if (!series) {
      const labels = `method="${labelValue(method)}",route="${labelValue(route)}",status_code="${statusCode}"`;
      series = { labels, counts: new Array<number>(BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    let bucket = 0;
    while (bucket < BUCKETS.length && seconds > (BUCKETS[bucket] ?? Infinity)) bucket++;
    series.counts[bucket] = (series.counts[bucket] ?? 0) + 1;
    series.sum += seconds;
    series.count += 1;
  }

  /** The Prometheus text exposition (cumulative buckets, +Inf, sum, count), as prom-client writes it. */
  render(): string {
    const lines = [`# HELP ${this.name} HTTP request latency by route`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.#series.values()) {
      let cumulative = 0;
      for (const [i, bound] of BUCKETS.entries()) {
        cumulative += counts[i] ?? 0;
        lines.push(`${this.name}_bucket{le="${bound}",${labels}} ${cumulative}`);
      }
      lines.push(`${this.name}_bucket{le="+Inf",${labels}} ${count}`);
      lines.push(`${this.name}_sum{${labels}} ${sum}`);
      lines.push(`${this.name}_count{${labels}} ${count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Per-route latency histogram and process metrics at GET /metrics (Prometheus text format). */
export const metricsPlugin = fp<MetricsOptions>(
  (app: FastifyInstance, opts) => {
    // One registry per app, so several apps in one process (tests, benches) never collide.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const latency = new RouteLatencyHistogram();
    app.decorate('metrics', registry);

    app.addHook('onResponse', (req, reply, done) => {
      // The route pattern, never the raw URL: unbounded label values would exhaust memory.
      latency.observe(
        req.method,
        req.routeOptions.url ?? '(unmatched)',
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
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
      return `${await registry.metrics()}${latency.render()}`;
    });
  },
  { name: 'metrics' },
);

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}
