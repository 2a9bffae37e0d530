import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { errorEnvelopeSchema } from '../../contract/envelope.ts';
import { AppError } from '../lib/errors.ts';

/** Requests allowed per window (config.ts scales each by RATE_LIMIT_FACTOR). */
export interface RateLimits {
  globalPerMinute: number;
  loginPerAccountPer15Min: number;
  loginPerIpPer15Min: number;
  registerPerIpPerHour: number;
  passwordResetPerAccountPerHour: number;
  passwordResetPerIpPerHour: number;
}

export interface RateLimitPluginOptions {
  globalPerMinute: number;
  /** Shared store so limits hold across instances; in-process when absent. */
  redis?: Redis | undefined;
  /** Key prefix in Redis (tests use a random one per app). */
  namespace: string;
}

export interface LimiterSpec {
  /** Distinguishes this limiter's keys from every other limiter's. */
  name: string;
  max: number;
  windowMs: number;
  /** What is counted, e.g. the IP or the IP and the account; undefined skips the check. */
  key: (req: FastifyRequest) => string | undefined | Promise<string | undefined>;
}

function tooMany(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError('RATE_LIMITED', `Too many requests; try again in ${seconds} s.`, undefined, {
    'retry-after': String(seconds),
  });
}

/** The global per-IP ceiling on every route, plus `app.limiter()` for route-specific limits. */
export const rateLimitPlugin = fp<RateLimitPluginOptions>(
  async (app: FastifyInstance, opts) => {
    await app.register(rateLimit, {
      global: true,
      max: opts.globalPerMinute,
      timeWindow: 60_000,
      ...(opts.redis ? { redis: opts.redis } : {}),
      nameSpace: `${opts.namespace}:`,
      // A Redis outage must not take the whole API down; the limits come back with Redis.
      skipOnError: true,
      keyGenerator: (req) => `global:${req.ip}`,
      // The allowance is announced only once it runs out (429 with Retry-After and X-RateLimit-*):
      // three headers on every other response cost more than any client makes of them.
      addHeadersOnExceeding: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
      },
      errorResponseBuilder: (_req, ctx) => tooMany(ctx.ttl / 1000),
    });
    // Every route under the ceiling can answer 429; its schema says so (the API description).
    app.addHook('onRoute', (route) => {
      if (route.config?.rateLimit === false || route.schema === undefined) return;
      const response: unknown = route.schema.response;
      route.schema = {
        ...route.schema,
        response: { ...(typeof response === 'object' ? response : {}), 429: errorEnvelopeSchema },
      };
    });

    app.decorate('limiter', (spec: LimiterSpec): preHandlerAsyncHookHandler => {
      // The key is computed once per request (it may need a query) and handed to the store here.
      const keys = new WeakMap<FastifyRequest, string>();
      const check = app.createRateLimit({
        max: spec.max,
        timeWindow: spec.windowMs,
        keyGenerator: (req) => `${spec.name}:${keys.get(req) ?? ''}`,
      });
      return async (req, reply) => {
        const key = await spec.key(req);
        if (key === undefined) return;
        keys.set(req, key);
        const result = await check(req);
        if (result.isAllowed || !result.isExceeded) return;
        reply.header('x-ratelimit-limit', result.max);
        reply.header('x-ratelimit-remaining', 0);
        throw tooMany(result.ttlInSeconds);
      };
    });
  },
  { name: 'rate-limit' },
);

declare module 'fastify' {
  interface FastifyInstance {
    limiter: (spec: LimiterSpec) => preHandlerAsyncHookHandler;
  }
}
