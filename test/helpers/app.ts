import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type AppConfig } from '../../src/server/app.ts';
import type { DatabaseHandle } from '../../src/server/db/client.ts';
import type { Clock } from '../../src/server/lib/clock.ts';
import type { RealtimeOptions } from '../../src/server/realtime/realtime-store.ts';
import { createTestDatabase } from './db.ts';

export const testConfig: AppConfig = {
  isHttps: false,
  isProduction: false,
  corsOrigins: [],
  metricsToken: undefined,
  slowRequestMs: 500,
  publicUrl: 'http://127.0.0.1:3000',
  logLevel: 'silent',
  jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  // Generous by default so suites never trip them by accident; the rate-limit tests set their own.
  rateLimits: {
    globalPerMinute: 100_000,
    loginPerAccountPer15Min: 1_000,
    loginPerIpPer15Min: 10_000,
    registerPerIpPerHour: 10_000,
    passwordResetPerAccountPerHour: 1_000,
    passwordResetPerIpPerHour: 10_000,
  },
  trustProxy: false,
  smtpUrl: undefined,
  mailFrom: 'Abrazo <no-reply@abrazo.test>',
  homeCacheMb: 64,
  calendarCacheMb: 16,
  socketsPerUser: 20,
};

export interface LogLine {
  level: number;
  msg?: string;
  reqId?: string;
  [key: string]: unknown;
}

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** Every line the app logged, parsed (only when built with captureLogs). */
  logs: LogLine[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  config?: Partial<AppConfig>;
  database?: DatabaseHandle;
  webRoot?: string;
  /** Capture the app's log lines into `logs`: at debug, or at the level given. */
  captureLogs?: boolean | 'info';
  /** Time as the app sees it (token expiry, grace windows, one-time token expiry). */
  clock?: Clock;
  /** Shares Redis state (rate limits, typing) with apps built with the same prefix (random by default). */
  redisPrefix?: string;
  /** Chat send limit and typing timings (the app's defaults otherwise). */
  realtime?: RealtimeOptions;
  /** Lets a test add routes (to provoke errors, slowness…) before the app is ready. */
  extend?: (app: FastifyInstance) => void;
}

/** The real app on a database of its own. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase());
  const logs: LogLine[] = [];
  const logger = opts.captureLogs
    ? pino(
        { level: opts.captureLogs === 'info' ? 'info' : 'debug' },
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
              logs.push(JSON.parse(line) as LogLine);
            cb();
          },
        }),
      )
    : undefined;
  // With TEST_REDIS_URL rate limits and typing live in the real Redis, under a prefix of this app's own.
  const redisUrl = process.env.TEST_REDIS_URL;
  const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  const app = await buildApp({
    config: { ...testConfig, ...opts.config },
    database,
    webRoot: opts.webRoot,
    redis,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.realtime ? { realtime: opts.realtime } : {}),
    redisPrefix: opts.redisPrefix ?? `abrazo-test-${randomBytes(6).toString('hex')}`,
    ...(logger ? { logger } : {}),
  });
  opts.extend?.(app);
  await app.ready();
  return {
    app,
    database,
    logs,
    close: async () => {
      await app.close();
      await database.close();
      await redis?.quit();
    },
  };
}

/**
 * The real app for the test file that calls this: built before its tests, closed after them.
 * The object stands for that app; read its fields inside tests and hooks, not while the file loads.
 */
export function useTestApp(opts: TestAppOptions = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await createTestApp(opts);
  });
  afterAll(() => current?.close());
  const built = (): TestApp => {
    if (!current) throw new Error('The test app is built in beforeAll: use it inside a test or a hook.');
    return current;
  };
  return {
    get app() {
      return built().app;
    },
    get database() {
      return built().database;
    },
    get logs() {
      return built().logs;
    },
    close: () => built().close(),
  };
}

/** A clock tests move by hand. */
export function createManualClock(start = new Date()): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}
