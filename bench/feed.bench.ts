import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { createProgress } from '../scripts/seed/progress.ts';
import { seedCommunity } from '../scripts/seed/seed-community.ts';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { createAccessTokens } from '../src/server/modules/auth/tokens.ts';
import { computeFanout, type FanoutStats } from './lib/fanout.ts';
import { FEED_USAGE, readFeedOptions, type FeedBenchOptions } from './lib/feed-options.ts';
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
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.ts';
import { writeSection } from './lib/report.ts';
import { startTarget, stopAllTargets, type RunningTarget } from './lib/target-process.ts';

// Feed benchmark: seed a scratch PostgreSQL database, measure the home, public and city feeds of the
// real app, and compute what fan-out on write would cost on the same graph.
// Usage and options: bench/lib/feed-options.ts (or `npm run bench:feed -- --help`).

const root = path.resolve(import.meta.dirname, '..');
const docsFile = path.join(root, 'docs/BENCHMARKS.md');
const resultsDir = path.join(root, 'bench/.results');
const FEED_TARGET = new URL('./servers/app-target.ts', import.meta.url);
const CITY = 'Buenos Aires';
/** Seconds of the single-connection run that follows each measurement: latency without queueing. */
const SERIAL_S = 5;

interface RouteSpec {
  label: string;
  path: string;
  signedIn: boolean;
  /** Served by an instance started with HOME_CACHE_MB=0. */
  cacheOff?: boolean;
  /** The viewers' followees share memories meanwhile, at --writes per second. */
  writes?: boolean;
}

const HOME = '/api/v1/feed';

const routesFor = (opts: FeedBenchOptions): RouteSpec[] => [
  { label: 'signed in', path: HOME, signedIn: true },
  { label: 'signed in, cache off', path: HOME, signedIn: true, cacheOff: true },
  // The last home run: the memories it shares top the viewers' pages afterwards.
  {
    label: `signed in, followees sharing ${opts.writesPerSecond}/s`,
    path: HOME,
    signedIn: true,
    writes: true,
  },
  { label: 'anonymous', path: '/api/v1/feed/public', signedIn: false },
  { label: 'signed in', path: '/api/v1/feed/public', signedIn: true },
  { label: 'anonymous', path: `/api/v1/cities/${encodeURIComponent(CITY)}/feed`, signedIn: false },
  { label: 'signed in', path: `/api/v1/cities/${encodeURIComponent(CITY)}/feed`, signedIn: true },
];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

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

interface Viewers {
  ids: string[];
  tokens: string[];
  info: FeedRunInfo['viewers'];
}

/** An access token for each user, each with a session row of its own. */
async function signIn(db: DatabaseHandle, secret: string, userIds: string[]): Promise<string[]> {
  const tokens = createAccessTokens(secret, systemClock);
  const signed: string[] = [];
  for (const userId of userIds) {
    // Access tokens are checked statelessly today; the session row makes them real ones anyway.
    const [session] = await db.rows<{ id: string }>(sql`
      insert into sessions (id, user_id, device, expires_at)
      values (gen_random_uuid(), ${userId}::uuid, 'bench:feed', now() + interval '1 day') returning id`);
    if (!session) throw new Error('could not create a session');
    signed.push((await tokens.sign({ userId, sessionId: session.id })).token);
  }
  return signed;
}

/** Seeded users who follow about 200 people, each with a session row and an access token. */
async function signInViewers(db: DatabaseHandle, secret: string, count: number): Promise<Viewers> {
  let rows = await db.rows<{ id: string; following: number; friends: number }>(sql`
    select id, following_count as following, friend_count as friends from users
    where following_count between 180 and 230 order by id limit ${count}`);
  if (rows.length === 0) {
    rows = await db.rows(sql`select id, following_count as following, friend_count as friends from users
      order by following_count desc, id limit ${count}`);
  }
  const following = rows.map((r) => Number(r.following));
  const ids = rows.map((r) => r.id);
  return {
    ids,
    tokens: await signIn(db, secret, ids),
    info: {
      count: rows.length,
      minFollowing: Math.min(...following),
      maxFollowing: Math.max(...following),
      avgFriends: rows.reduce((a, r) => a + Number(r.friends), 0) / Math.max(1, rows.length),
    },
  };
}

function headersFor(spec: RouteSpec, tokens: string[], i: number): Record<string, string> {
  return spec.signedIn ? { authorization: `Bearer ${tokens[i % tokens.length] ?? ''}` } : {};
}

/** Fails fast unless the route answers a full first page in the documented envelope. */
async function checkRoute(base: string, spec: RouteSpec, tokens: string[]) {
  const res = await fetch(base + spec.path, { headers: headersFor(spec, tokens, 0) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`answered ${res.status}: ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { data?: unknown; meta?: { hasMore?: unknown; nextCursor?: unknown } };
  if (!Array.isArray(body.data) || typeof body.meta?.hasMore !== 'boolean') {
    throw new Error('the answer is not {data: [...], meta: {nextCursor, hasMore}}');
  }
  if (body.data.length === 0) throw new Error('the first page is empty: nothing to measure');
  return { pageItems: body.data.length, pageBytes: Buffer.byteLength(text) };
}

/** Busy and total CPU time of the whole machine so far, all cores, in ms. */
function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** 200 people the viewers follow, signed in, to share memories during the "with writes" run. */
async function signInFollowees(db: DatabaseHandle, secret: string, viewerIds: string[]): Promise<string[]> {
  const rows = await db.rows<{ id: string }>(sql`
    select distinct f.followee_id as id from follows f
    where f.follower_id = any (${`{${viewerIds.join(',')}}`}::uuid[])
    order by 1 limit 200`);
  return signIn(
    db,
    secret,
    rows.map((r) => r.id),
  );
}

/** Shares `perSecond` memories a second through the API, rotating over `tokens`, until stopped. */
function startWriter(base: string, tokens: string[], perSecond: number) {
  const counts = { sent: 0, failed: 0 };
  let n = 0;
  const timer = setInterval(() => {
    const token = tokens[n++ % tokens.length] ?? '';
    fetch(`${base}/api/v1/memories`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `Bench memory ${n} #milonga`, visibility: 'followers' }),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 201) counts.sent++;
        else counts.failed++;
      })
      .catch(() => counts.failed++);
  }, 1000 / perSecond);
  return {
    counts: () => ({ ...counts }),
    stop: () => clearInterval(timer),
  };
}

/** The app's home cache lookups so far, from its /metrics. */
async function homeCacheLookups(base: string): Promise<{ hit: number; stale: number; miss: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (outcome: string) =>
    Number(
      new RegExp(`abrazo_home_cache_lookups_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0,
    );
  return { hit: read('hit'), stale: read('stale'), miss: read('miss') };
}

function load(url: string, spec: RouteSpec, tokens: string[], connections: number, durationS: number) {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...headersFor(spec, tokens, next++) } }),
      },
    ],
  });
}

async function measureRoute(
  target: RunningTarget<'feed'>,
  spec: RouteSpec,
  tokens: string[],
  writerTokens: string[],
  opts: FeedBenchOptions,
): Promise<RouteResult> {
  const base = `http://127.0.0.1:${target.ready.port}`;
  log(`\n▶ GET ${spec.path} (${spec.label})`);
  const page = await checkRoute(base, spec, tokens);
  const isHome = spec.path === HOME && !spec.cacheOff;
  const writer = spec.writes ? startWriter(base, writerTokens, opts.writesPerSecond) : undefined;
  const measured = async () => {
    log(`  first page: ${page.pageItems} items, ${page.pageBytes} bytes; warm-up ${opts.warmupS} s…`);
    await load(base + spec.path, spec, tokens, opts.connections, opts.warmupS);
    log(`  measuring ${opts.durationS} s…`);
    const lookupsBefore = isHome ? await homeCacheLookups(base) : undefined;
    const writesBefore = writer?.counts();
    const cpuBefore = await target.cpuMicros();
    const machineBefore = machineCpu();
    const run = await load(base + spec.path, spec, tokens, opts.connections, opts.durationS);
    const machineAfter = machineCpu();
    const cpu = (await target.cpuMicros()) - cpuBefore;
    const writesAfter = writer?.counts();
    const lookupsAfter = isHome ? await homeCacheLookups(base) : undefined;
    if (writesAfter && writesAfter.failed > 0)
      throw new Error(`${writesAfter.failed} shared memories failed`);
    return {
      run,
      cpu,
      machineBusy:
        (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total),
      homeCache:
        lookupsBefore && lookupsAfter
          ? {
              hit: lookupsAfter.hit - lookupsBefore.hit,
              stale: lookupsAfter.stale - lookupsBefore.stale,
              miss: lookupsAfter.miss - lookupsBefore.miss,
            }
          : undefined,
      writes:
        writesBefore && writesAfter
          ? { sent: writesAfter.sent - writesBefore.sent, failed: writesAfter.failed - writesBefore.failed }
          : undefined,
    };
  };
  let m: Awaited<ReturnType<typeof measured>>;
  try {
    m = await measured();
  } finally {
    writer?.stop();
  }
  const { run: r, cpu } = m;
  log(`  one connection for ${SERIAL_S} s…`);
  const serial = await load(base + spec.path, spec, tokens, 1, SERIAL_S);
  const result: RouteResult = {
    label: spec.label,
    route: spec.path,
    rps: r.requests.average,
    rpsStddev: r.requests.stddev,
    latency: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      avg: r.latency.average,
      max: r.latency.max,
    },
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    cpuPerRequest: cpu / Math.max(1, r.requests.total),
    serverCpuShare: cpu / (r.duration * 1e6),
    machineBusy: m.machineBusy,
    serial: { rps: serial.requests.average, p50: serial.latency.p50, p99: serial.latency.p99 },
    ...page,
    ...(m.homeCache ? { homeCache: m.homeCache } : {}),
    ...(m.writes ? { writes: m.writes } : {}),
  };
  log(
    `  ${Math.round(result.rps)} req/s, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, ` +
      `p99 ${result.latency.p99} ms; non-2xx ${result.non2xx}, errors ${result.errors}; one connection: ` +
      `p50 ${result.serial.p50} ms, p99 ${result.serial.p99} ms`,
  );
  return result;
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
    args: ['--database-url', scratch.url, '--jwt-secret', secret],
  });
  log(`app listening on 127.0.0.1:${target.ready.port} after ${target.ready.setupMs} ms`);
  const cacheOff = await startTarget('feed', {
    entry: FEED_TARGET,
    args: ['--database-url', scratch.url, '--jwt-secret', secret, '--home-cache-mb', '0'],
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
