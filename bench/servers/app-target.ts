import os from 'node:os';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/client.ts';
import { createLogger } from '../../src/server/logger.ts';
import { answerParent, announceReady } from './ipc.ts';

// The real app for bench/feed.bench.ts and bench/chat.bench.ts, in a process of its own, on a migrated
// (and, for the feeds, seeded) database:
//   app-target.ts <label> (--database-url URL | --data-dir DIR) --jwt-secret SECRET
//                 [--redis-url URL --redis-prefix P] [--home-cache-mb N] [--calendar-cache-mb N]
// --data-dir opens the embedded database (PGlite) kept in DIR, which this process then holds alone.
// Production configuration (config.ts defaults under NODE_ENV=production, pool of DB_POOL_SIZE's
// default), rate limits scaled out of the way, the app's own logger writing to /dev/null. Listens on
// 127.0.0.1, port 0, and sends {type: 'ready', port, path} to its parent over IPC. Two of these with
// the same database and Redis prefix are two instances of one deployment.

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    'jwt-secret': { type: 'string' },
    'redis-url': { type: 'string' },
    'redis-prefix': { type: 'string' },
    'home-cache-mb': { type: 'string' },
    'calendar-cache-mb': { type: 'string' },
  },
});

const label = positionals[0] ?? 'app';
const databaseUrl = values['database-url'];
const dataDir = values['data-dir'];
const jwtSecret = values['jwt-secret'];
if (!(databaseUrl || dataDir) || (databaseUrl && dataDir) || !jwtSecret) {
  process.stderr.write(
    'usage: app-target.ts <label> (--database-url URL | --data-dir DIR) --jwt-secret SECRET [--redis-url URL --redis-prefix P]\n',
  );
  process.exit(2);
}

const config = loadConfig({
  NODE_ENV: 'production',
  PUBLIC_URL: 'http://127.0.0.1:3000',
  JWT_SECRET: jwtSecret,
  LOG_LEVEL: 'info',
  // The global per-address limit still counts every request but never answers 429 to the bench.
  RATE_LIMIT_FACTOR: '1000000',
  DATA_DIR: dataDir || os.tmpdir(),
  ...(values['home-cache-mb'] === undefined ? {} : { HOME_CACHE_MB: values['home-cache-mb'] }),
  ...(values['calendar-cache-mb'] === undefined ? {} : { CALENDAR_CACHE_MB: values['calendar-cache-mb'] }),
});

let app: FastifyInstance | undefined;
let database: DatabaseHandle | undefined;
let redis: Redis | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  try {
    await app?.close();
    await database?.close();
    await redis?.quit();
  } catch (err) {
    process.stderr.write(`[${label}] shutdown failed: ${String(err)}\n`);
    code = 1;
  }
  process.exit(code);
}

process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
process.on('disconnect', () => void stop(0));
answerParent();

try {
  const started = performance.now();
  // No URL: the embedded database under the data dir.
  database = await openDatabase({
    databaseUrl: databaseUrl || undefined,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    sharedBuffersMb: config.embeddedSharedBuffersMb,
  });
  const redisUrl = values['redis-url'];
  redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  app = await buildApp({
    config,
    database,
    redis,
    redisPrefix: values['redis-prefix'],
    logger: createLogger('info', '/dev/null'),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
  announceReady({
    type: 'ready',
    port: address.port,
    path: '/',
    setupMs: Math.round(performance.now() - started),
  });
} catch (err) {
  process.stderr.write(
    `[${label}] failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  await stop(1);
}
