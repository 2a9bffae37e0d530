import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createProgress } from '../scripts/seed/progress.ts';
import { seedCommunity } from '../scripts/seed/seed-community.ts';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.ts';
import { computeTimelines, type TimelineStats } from './lib/timelines.ts';
import { drawViewers, drawnStream, mostDrawn, rotatingStream } from './lib/feed-draw.ts';
import { measureRoute, routesFor, runOrder, SERIAL_S, type RouteSpec } from './lib/feed-load.ts';
import { FEED_USAGE, readFeedOptions } from './lib/feed-options.ts';
import {
  feedMarkers,
  renderTimelines,
  renderFeedSection,
  renderHeadline,
  renderRoutes,
  renderSeeding,
  type FeedRunInfo,
  type RouteFailure,
  type RouteResult,
} from './lib/feed-report.ts';
import { signInFollowees, signInPopulation, signInViewers } from './lib/feed-viewers.ts';
import { log } from './lib/log.ts';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.ts';
import { writeSection } from './lib/report.ts';
import { startTarget, stopAllTargets, type RunningTarget } from './lib/target-process.ts';

// Feed benchmark: seed a scratch database (PostgreSQL, or PGlite in a temporary data dir), measure the
// home, public and city feeds of the real app as a community uses them (viewers drawn from everyone,
// skewed like activity), and report what the home timelines (fan-out on write) hold.
// Usage and options: bench/lib/feed-options.ts (or `npm run bench:feed -- --help`).
// The routes and their load: bench/lib/feed-load.ts; the signed-in users: bench/lib/feed-viewers.ts;
// who asks for each request: bench/lib/feed-draw.ts.

const root = path.resolve(import.meta.dirname, '..');
const docsFile = path.join(root, 'docs/BENCHMARKS.md');
const resultsDir = path.join(root, 'bench/.results');
const FEED_TARGET = new URL('./servers/app-target.ts', import.meta.url);
/** Viewers drawn ahead of the load (4 MiB); the load cycles through them. */
const DRAWS = 1 << 20;
/** The most active viewers whose followees share memories during the "with writes" run. */
const WRITERS_OF = 100;

let scratch: ScratchDatabase | undefined;
let dataDir: string | undefined;
let database: DatabaseHandle | undefined;
let keep = false;

/** Stops the server and drops the scratch database or data dir (unless --keep); safe to call more than once. */
async function cleanUp(): Promise<void> {
  await stopAllTargets();
  await database?.close().catch(() => undefined);
  database = undefined;
  if (dataDir) {
    if (keep) log(`kept the data dir: ${dataDir}`);
    else {
      rmSync(dataDir, { recursive: true, force: true });
      log(`removed ${dataDir}`);
    }
    dataDir = undefined;
  }
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

function packageVersion(name: string): string {
  const pkg = readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8');
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

  let databaseVersion: string;
  if (opts.database === 'postgres') {
    scratch = await createScratchDatabase(opts.serverUrl);
    log(`created database ${scratch.name} (PostgreSQL ${scratch.serverVersion})`);
    database = await openDatabase({ databaseUrl: scratch.url, dataDir: '', poolSize: 2 });
    databaseVersion = scratch.serverVersion;
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'abrazo-bench-feed-'));
    log(`created the data dir ${dataDir} (embedded database)`);
    database = await openDatabase({ databaseUrl: '', dataDir });
    const [v] = await database.rows<{ server_version: string }>(sql`show server_version`);
    databaseVersion = `PGlite ${packageVersion('@electric-sql/pglite')} (PostgreSQL ${v?.server_version ?? '?'})`;
  }
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

  log('measuring the home timelines…');
  const timelines: TimelineStats = await computeTimelines(database);

  const secret = randomBytes(32).toString('base64url');
  const signInStart = performance.now();
  const population = await signInPopulation(database, secret, opts.viewers, opts.seed);
  const draws = drawViewers(population.ids.length, DRAWS, { exponent: opts.skew, seed: opts.seed });
  const few = await signInViewers(database, secret, opts.fewViewers);
  const active = mostDrawn(draws, population.ids.length, WRITERS_OF).map((i) => population.ids[i] ?? '');
  const writerTokens = await signInFollowees(database, secret, active);
  log(
    `signed in ${population.ids.length} + ${few.ids.length} viewers and ${writerTokens.length} writers ` +
      `in ${((performance.now() - signInStart) / 1000).toFixed(1)} s`,
  );
  if (interrupted) return 130;

  // Only one process may hold a data dir: the app opens it, so the bench lets go of it first.
  if (opts.database === 'embedded') {
    await database.close();
    database = undefined;
  }
  const dbArgs = scratch ? ['--database-url', scratch.url] : ['--data-dir', dataDir ?? ''];
  const streams = {
    drawn: drawnStream(population.tokens, draws, `drawn, Zipf ${opts.skew}`),
    few: rotatingStream(few.tokens, 'cache-friendly, in turn'),
    checkToken: few.tokens[0] ?? '',
  };

  // --headline-only: the realistic home feed, as deployed and with the cache off (the same viewers).
  const specs = routesFor(opts, { population: population.ids.length, few: few.ids.length }).filter(
    (s) => !opts.headlineOnly || s.headline || (s.cacheOff && s.viewers === 'drawn'),
  );
  const done = new Map<RouteSpec, RouteResult>();
  const failures: RouteFailure[] = [];
  // One instance at a time (cache off, then on): a data dir has a single holder.
  let current: { cacheOff: boolean; target: RunningTarget<'feed'> } | undefined;
  try {
    for (const spec of runOrder(specs)) {
      if (interrupted) break;
      const cacheOff = spec.cacheOff === true;
      if (current?.cacheOff !== cacheOff) {
        await current?.target.stop();
        current = undefined;
        const target = await startTarget('feed', {
          entry: FEED_TARGET,
          args: [...dbArgs, `--jwt-secret=${secret}`, ...(cacheOff ? ['--home-cache-mb', '0'] : [])],
          cpuProfDir: opts.cpuProfDir,
        });
        log(
          `\napp (home cache ${cacheOff ? 'off' : 'on'}) listening on 127.0.0.1:${target.ready.port} ` +
            `after ${target.ready.setupMs} ms`,
        );
        current = { cacheOff, target };
      }
      try {
        done.set(spec, await measureRoute(current.target, spec, streams, writerTokens, opts));
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log(`  ✗ ${error}`);
        failures.push({ label: spec.label, route: spec.path, error });
      }
    }
  } finally {
    await current?.target.stop();
  }
  if (interrupted) return 130;
  // The report's order, the headline first.
  const results = specs.flatMap((s) => done.get(s) ?? []);

  const info: FeedRunInfo = {
    date,
    opts,
    databaseVersion,
    autocannonVersion: packageVersion('autocannon'),
    loadAverage,
    seed,
    vacuumMs,
    serialS: SERIAL_S,
    population: population.info,
    fewViewers: few.info,
  };
  process.stdout.write(
    `\n${renderSeeding(info)}\n\n${renderHeadline(info, results)}\n\n${renderRoutes(results, failures)}\n\n` +
      `${renderTimelines(timelines)}\n`,
  );
  mkdirSync(resultsDir, { recursive: true });
  const stamp = date.toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify({ ...info, timelines, results, failures }, null, 2);
  writeFileSync(path.join(resultsDir, `feed-${opts.database}-${stamp}.json`), json);
  if (opts.resultsFile) writeFileSync(opts.resultsFile, json);
  if (failures.length > 0) {
    log(`\n${failures.length} route(s) failed; docs/BENCHMARKS.md left unchanged.`);
    return 1;
  }
  if (!opts.write) {
    log('\n(docs/BENCHMARKS.md not written: --quick or --no-write)');
    return 0;
  }
  await writeSection(docsFile, renderFeedSection(info, timelines, results, failures), feedMarkers(opts));
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
