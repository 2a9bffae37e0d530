import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createLogger } from '../../src/server/logger.ts';
import { openDatabase } from '../../src/server/db/client.ts';

// The real app for bench/auth.bench.ts, in a process of its own: production config, limits scaled out
// of the way, logs to /dev/null. Embedded database in a temporary dir, or BENCH_DATABASE_URL's database.
// Prints {"port": N} on stdout when listening; exits on SIGTERM or when stdin closes.
const databaseUrl = process.argv[2] || undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abrazo-bench-auth-'));
const config = loadConfig({
  NODE_ENV: 'production',
  PUBLIC_URL: 'http://127.0.0.1:3000',
  JWT_SECRET: 'bench-only-secret-bench-only-secret-bench-only',
  RATE_LIMIT_FACTOR: '1000000',
  DATA_DIR: dataDir,
});
const database = await openDatabase({ databaseUrl, dataDir, poolSize: 10 });
await database.migrate();
const logger = createLogger('info', '/dev/null');
const app = await buildApp({ config, database, logger });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await app.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
