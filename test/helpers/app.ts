import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp, type AppConfig } from '../../src/server/app.ts';
import type { DatabaseHandle } from '../../src/server/db/client.ts';
import { createTestDatabase } from './db.ts';

export const testConfig: AppConfig = {
  isHttps: false,
  corsOrigins: [],
  metricsToken: undefined,
  slowRequestMs: 500,
  publicUrl: 'http://127.0.0.1:3000',
  logLevel: 'silent',
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
  captureLogs?: boolean;
  /** Lets a test add routes (to provoke errors, slowness…) before the app is ready. */
  extend?: (app: FastifyInstance) => void;
}

/** The real app on a database of its own. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase());
  const logs: LogLine[] = [];
  const logger = opts.captureLogs
    ? pino(
        { level: 'debug' },
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
              logs.push(JSON.parse(line) as LogLine);
            cb();
          },
        }),
      )
    : undefined;
  const app = await buildApp({
    config: { ...testConfig, ...opts.config },
    database,
    webRoot: opts.webRoot,
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
    },
  };
}
