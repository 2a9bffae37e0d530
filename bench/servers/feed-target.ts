import os from 'node:os';
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/client.ts';
import { createLogger } from '../../src/server/logger.ts';
import { CPU_USAGE_REQUEST, type CpuUsageMessage, type ReadyMessage } from '../lib/protocol.ts';
import type { FastifyInstance } from 'fastify';

// The real app for bench/feed.bench.ts, in a process of its own, on an already seeded database:
//   feed-target.ts feed --database-url URL --jwt-secret SECRET
// Production configuration (config.ts defaults under NODE_ENV=production, pool of DB_POOL_SIZE's
// default), rate limits scaled out of the way, the app's own logger writing to /dev/null. Listens on
// 127.0.0.1, port 0, and sends {type: 'ready', port, path} to its parent over IPC.

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    'database-url': { type: 'string' },
    'jwt-secret': { type: 'string' },
  },
});

const databaseUrl = values['database-url'];
const jwtSecret = values['jwt-secret'];
if (!databaseUrl || !jwtSecret) {
  process.stderr.write('usage: feed-target.ts feed --database-url URL --jwt-secret SECRET\n');
  process.exit(2);
}

const config = loadConfig({
  NODE_ENV: 'production',
  PUBLIC_URL: 'http://127.0.0.1:3000',
  JWT_SECRET: jwtSecret,
  LOG_LEVEL: 'info',
  // The global per-address limit still counts every request but never answers 429 to the bench.
  RATE_LIMIT_FACTOR: '1000000',
  DATA_DIR: os.tmpdir(),
});

let app: FastifyInstance | undefined;
let database: DatabaseHandle | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  try {
    await app?.close();
    await database?.close();
  } catch (err) {
    process.stderr.write(`[feed] shutdown failed: ${String(err)}\n`);
    code = 1;
  }
  process.exit(code);
}

process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
process.on('disconnect', () => void stop(0));
process.on('message', (msg) => {
  if (msg !== CPU_USAGE_REQUEST) return;
  const usage = process.cpuUsage();
  const reply: CpuUsageMessage = { type: 'cpu-usage', micros: usage.user + usage.system };
  process.send?.(reply);
});

try {
  const started = performance.now();
  database = await openDatabase({ databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  app = await buildApp({ config, database, logger: createLogger('info', '/dev/null') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
  const ready: ReadyMessage = {
    type: 'ready',
    port: address.port,
    path: '/api/v1/feed/public',
    setupMs: Math.round(performance.now() - started),
  };
  if (process.send) process.send(ready);
  else process.stdout.write(`${JSON.stringify(ready)}\n`);
} catch (err) {
  process.stderr.write(
    `[feed] failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  await stop(1);
}
