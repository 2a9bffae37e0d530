import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createProgress } from '../scripts/seed/progress.ts';
import { seedCommunity } from '../scripts/seed/seed-community.ts';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.ts';
import { computeFanout, type FanoutStats } from './lib/fanout.ts';
import { measureRoute, routesFor, SERIAL_S } from './lib/feed-load.ts';
import { FEED_USAGE, readFeedOptions } from './lib/feed-options.ts';
import {
  FEED_MARKERS,
  renderFanout,
  renderFeedSection,
  renderRoutes,
  renderSeeding,
  type FeedRunInfo,
  type RouteFailure,
  type RouteResult,
} from './lib/feed-report.ts';
import { signInFollowees, signInViewers } from './lib/feed-viewers.ts';
import { log } from './lib/log.ts';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.ts';
import { writeSection } from './lib/report.ts';
import { startTarget, stopAllTargets } from './lib/target-process.ts';

// Feed benchmark: seed a scratch PostgreSQL database, measure the home, public and city feeds of the
// real app, and compute what fan-out on write would cost on the same graph.
// Usage and options: bench/lib/feed-options.ts (or `npm run bench:feed -- --help`).
// The routes and their load: bench/lib/feed-load.ts; the signed-in users: bench/lib/feed-viewers.ts.

const root = path.resolve(import.meta.dirname, '..');
const docsFile = path.join(root, 'docs/BENCHMARKS.md');
const resultsDir = path.join(root, 'bench/.results');
const FEED_TARGET = new URL('./servers/app-target.ts', import.meta.url);

let scratch: ScratchDatabase | undefined;
let database: DatabaseHandle | undefined;
let keep = false;

/** Stops the server and drops the scratch database (unless --keep); safe to call more than once. */
async function cleanUp(): Promise<void> {
  await stopAllTargets();
  await database?.close().catch(() => undefined);
  database = undefined;
  if (!scratch) return;
  if (keep) {
    log(`kept the scratch database: ${scratch.url}`);
  } else {
    await scratch.drop().catch((err: unknown) => log(`could not drop ${scratch?.name}: ${String(err)}`));
    log(`dropped database ${scratch.name}`);
  }
  scratch = undefined;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`\n${signal}: stopping the server and cleaning up…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function autocannonVersion(): string {
  const pkg = readFileSync(path.join(root, 'node_modules/autocannon/package.json'), 'utf8');
  return (JSON.parse(pkg) as { version: string }).version;
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof readFeedOptions>;
  try {
    opts = readFeedOptions(process.argv.slice(2), process.env);
  } catch (err) {
    log(`${err instanceof Error ? err.message : String(err)}\n\n${FEED_USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(FEED_USAGE);
    return 0;
  }
  keep = opts.keep;
  const loadAverage = os.loadavg();
  const date = new Date();

  scratch = await createScratchDatabase(opts.serverUrl);
  log(`created database ${scratch.name} (PostgreSQL ${scratch.serverVersion})`);
  database = await openDatabase({ databaseUrl: scratch.url, dataDir: '', poolSize: 2 });
  await database.migrate();

  log(`seeding ${opts.users} users and ${opts.memories} memories (seed ${opts.seed})…`);
  const seed = await seedCommunity(database, {
    users: opts.users,
    memories: opts.memories,
    seed: opts.seed,
    progress: createProgress(),
  });
  const t0 = performance.now();
  await database.rows(sql`vacuum analyze`);
  const vacuumMs = performance.now() - t0;
  log(`seeded in ${(seed.totalMs / 1000).toFixed(1)} s, vacuum analyze ${(vacuumMs / 1000).toFixed(1)} s`);

  log('computing fan-out on write from the graph (and writing a sample feed table)…');
  const fanout: FanoutStats = await computeFanout(database);

  const secret = randomBytes(32).toString('base64url');
  const viewers = await signInViewers(database, secret, opts.viewers);
  if (interrupted) return 130;

  const writerTokens = await signInFollowees(database, secret, viewers.ids);
  if (interrupted) return 130;

  const target = await startTarget('feed', {
    entry: FEED_TARGET,
    args: ['--database-url', scratch.url, `--jwt-secret=${secret}`],
  });
  log(`app listening on 127.0.0.1:${target.ready.port} after ${target.ready.setupMs} ms`);
  const cacheOff = await startTarget('feed', {
    entry: FEED_TARGET,
    args: ['--database-url', scratch.url, `--jwt-secret=${secret}`, '--home-cache-mb', '0'],
  });
  const results: RouteResult[] = [];
  const failures: RouteFailure[] = [];
  for (const spec of routesFor(opts)) {
    if (interrupted) break;
    try {
      const on = spec.cacheOff ? cacheOff : target;
      results.push(await measureRoute(on, spec, viewers.tokens, writerTokens, opts));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log(`  ✗ ${error}`);
      failures.push({ label: spec.label, route: spec.path, error });
    }
  }
  await target.stop();
  await cacheOff.stop();
  if (interrupted) return 130;

  const info: FeedRunInfo = {
    date,
    opts,
    postgresVersion: scratch.serverVersion,
    autocannonVersion: autocannonVersion(),
    loadAverage,
    seed,
    vacuumMs,
    serialS: SERIAL_S,
    viewers: viewers.info,
  };
  process.stdout.write(
    `\n${renderSeeding(info)}\n\n${renderRoutes(results, failures)}\n\n${renderFanout(fanout)}\n`,
  );
  mkdirSync(resultsDir, { recursive: true });
  const stamp = date.toISOString().replace(/[:.]/g, '-');
  writeFileSync(
    path.join(resultsDir, `feed-${stamp}.json`),
    JSON.stringify({ ...info, fanout, results, failures }, null, 2),
  );
  if (failures.length > 0) {
    log(`\n${failures.length} route(s) failed; docs/BENCHMARKS.md left unchanged.`);
    return 1;
  }
  if (!opts.write) {
    log('\n(docs/BENCHMARKS.md not written: --quick or --no-write)');
    return 0;
  }
  await writeSection(docsFile, renderFeedSection(info, fanout, results, failures), FEED_MARKERS);
  log(`\nwrote the results to ${path.relative(process.cwd(), docsFile)}`);
  return 0;
}

void main()
  .catch((err: unknown) => {
    log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
