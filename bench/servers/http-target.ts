import os from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { buildApp } from '../../src/server/app.ts';
import { genRequestId, requestHeadersOnSend } from '../../src/server/plugins/request-context.ts';
import { computeSecurityHeaders, securityHeadersOnSend } from '../../src/server/plugins/security.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createLogger } from '../../src/server/logger.ts';
import {
  openDatabase,
  pgliteExtensions,
  wrapPglite,
  type DatabaseHandle,
} from '../../src/server/db/client.ts';
import { TARGET_VARIANTS, type TargetVariant } from '../lib/protocol.ts';
import { BENCH_DOC, BENCH_DOC_PATH, BENCH_DOC_QUERY, benchDocRouteSchema } from './fixture.ts';
import { answerParent, announceReady } from './ipc.ts';
import { seedUsers } from './seed.ts';

// One HTTP target per process, started by bench/http.bench.ts over IPC:
//   http-target.ts <bare|headers|plugins|embedded|postgres> [--data-dir DIR] [--database-url URL] [--users N]
// It listens on 127.0.0.1, port 0, and sends {type: 'ready', port, path} to its parent.

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    users: { type: 'string', default: '5000' },
    'pool-size': { type: 'string', default: '10' },
  },
});

function readVariant(v: string | undefined): TargetVariant {
  const found = TARGET_VARIANTS.find((t) => t === v);
  if (found) return found;
  process.stderr.write(`usage: http-target.ts <${TARGET_VARIANTS.join('|')}> [options]\n`);
  process.exit(2);
}

const variant = readVariant(positionals[0]);

// The configuration production runs with: config.ts defaults under NODE_ENV=production. Rate limits stay
// on (their bookkeeping is part of the cost) but are scaled up so that one client at bench rates is never
// answered 429. The logger is built below instead of from config.logLevel.
const config = loadConfig({
  NODE_ENV: 'production',
  PUBLIC_URL: 'http://127.0.0.1:3000',
  JWT_SECRET: 'bench-only-secret-bench-only-secret-bench-only',
  LOG_LEVEL: 'info',
  RATE_LIMIT_FACTOR: '1000000',
  DATA_DIR: values['data-dir'] ?? os.tmpdir(),
});

/** The app's own logger (createLogger, level info) writing every line to /dev/null. */
function devNullLogger() {
  return createLogger('info', '/dev/null');
}

interface Target {
  app: FastifyInstance;
  database?: DatabaseHandle;
  path: string;
  username?: string;
}

async function openProfileDatabase(): Promise<DatabaseHandle> {
  const poolSize = Number(values['pool-size']);
  if (variant === 'postgres') {
    const url = values['database-url'];
    if (!url) throw new Error('the postgres target needs --database-url');
    return openDatabase({ databaseUrl: url, dataDir: '', poolSize });
  }
  const dataDir = values['data-dir'];
  if (!dataDir) throw new Error('the embedded target needs --data-dir');
  return openDatabase({ databaseUrl: undefined, dataDir, poolSize });
}

async function buildTarget(): Promise<Target> {
  switch (variant) {
    case 'bare': {
      const app = Fastify({ logger: false });
      app.get(BENCH_DOC_PATH, async () => ({ data: BENCH_DOC }));
      return { app, path: BENCH_DOC_PATH + BENCH_DOC_QUERY };
    }
    case 'headers': {
      // The floor under the plugin stack: bare Fastify plus only the headers every response of ours must
      // carry (the app's own security header set, X-Request-Id, X-Response-Time), set the way the app sets
      // them, and nothing else: no logging, metrics, rate limit, validation or error handler.
      const app = Fastify({ logger: false, genReqId: genRequestId });
      app.addHook('onSend', requestHeadersOnSend);
      app.addHook('onSend', securityHeadersOnSend(computeSecurityHeaders({ isHttps: false })));
      app.get(BENCH_DOC_PATH, async () => ({ data: BENCH_DOC }));
      return { app, path: BENCH_DOC_PATH + BENCH_DOC_QUERY };
    }
    case 'plugins': {
      // The doc route touches no table; the app still needs a database handle (health, users).
      const database = wrapPglite(await PGlite.create({ extensions: pgliteExtensions }));
      const app = await buildApp({ config, database, logger: devNullLogger() });
      app
        .withTypeProvider<ZodTypeProvider>()
        .get(BENCH_DOC_PATH, { schema: benchDocRouteSchema }, async () => ({ data: BENCH_DOC }));
      return { app, database, path: BENCH_DOC_PATH + BENCH_DOC_QUERY };
    }
    case 'embedded':
    case 'postgres': {
      const database = await openProfileDatabase();
      await database.migrate();
      const username = await seedUsers(database.db, Number(values.users));
      const app = await buildApp({ config, database, logger: devNullLogger() });
      return { app, database, path: `/api/v1/users/${username}`, username };
    }
  }
}

let target: Target | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  try {
    await target?.app.close();
    await target?.database?.close();
  } catch (err) {
    process.stderr.write(`[${variant}] shutdown failed: ${String(err)}\n`);
    code = 1;
  }
  // A normal exit (not a signal death) is what lets --cpu-prof write its profile.
  process.exit(code);
}

process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
answerParent();
// The parent went away (crashed or was killed): never outlive it.
process.on('disconnect', () => void stop(0));

try {
  const started = performance.now();
  target = await buildTarget();
  await target.app.listen({ host: '127.0.0.1', port: 0 });
  const address = target.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
  announceReady({
    type: 'ready',
    port: address.port,
    path: target.path,
    ...(target.username ? { username: target.username } : {}),
    setupMs: Math.round(performance.now() - started),
  });
} catch (err) {
  process.stderr.write(
    `[${variant}] failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  await stop(1);
}
