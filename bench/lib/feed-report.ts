import type { SeedSummary } from '../../scripts/seed/seed-community.ts';
import type { TimelineStats } from './timelines.ts';
import type { FeedBenchOptions } from './feed-options.ts';
import { machineLine } from './report.ts';

export const FEED_MARKERS = { start: '<!-- bench:feed:start -->', end: '<!-- bench:feed:end -->' };

export interface RouteResult {
  label: string;
  route: string;
  /** The row the section leads with: the home feed under the realistic draw of viewers. */
  headline?: boolean;
  /** Served by the instance started with HOME_CACHE_MB=0. */
  cacheOff?: boolean;
  rps: number;
  rpsStddev: number;
  latency: { p50: number; p90: number; p99: number; avg: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server CPU time (user + system) per completed request, in microseconds. */
  cpuPerRequest: number;
  /** Share of one core the server process used while measured. */
  serverCpuShare: number;
  /** Share of all cores of the machine that were busy (anything running) while measured. */
  machineBusy: number;
  /** The same route with one connection: what a request costs without queueing behind the others. */
  serial: { rps: number; p50: number; p99: number };
  /** Items in the page checked before the load, and its size in bytes. */
  pageItems: number;
  pageBytes: number;
  /** The signed-in viewers of the measured run: how they were chosen, from how many, how many asked. */
  viewers?: { description: string; population: number; distinct: number };
  /** Home page cache lookups while measured (from the app's /metrics); absent for other routes. */
  homeCache?: { hit: number; stale: number; miss: number };
  /** Event-loop delay of the app's process while measured (monitorEventLoopDelay), ms. */
  loopDelay?: { p99: number; max: number };
  /** Memories shared while measured, by the viewers' followees, for the "with writes" run. */
  writes?: { sent: number; failed: number; latency: { p50: number; p99: number } };
}

export interface RouteFailure {
  label: string;
  route: string;
  error: string;
}

export interface FeedRunInfo {
  date: Date;
  opts: FeedBenchOptions;
  /** The server's version, e.g. "17.4 (Debian …)"; for the embedded database, PGlite's and its PostgreSQL's. */
  databaseVersion: string;
  autocannonVersion: string;
  loadAverage: number[];
  seed: SeedSummary;
  vacuumMs: number;
  /** Seconds of the one-connection run per route. */
  serialS: number;
  /** The users the realistic load draws from. */
  population: {
    count: number;
    ofUsers: number;
    medianFollowing: number;
    avgFollowing: number;
    followingNobody: number;
  };
  /** The cache-friendly home run's viewers. */
  fewViewers: { count: number; minFollowing: number; maxFollowing: number; avgFriends: number };
}

/** Share of the home cache's lookups that found a page still good. */
export function homeHitRate(c: { hit: number; stale: number; miss: number }): number {
  return c.hit / Math.max(1, c.hit + c.stale + c.miss);
}

const percent = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)} %`;

export const databaseName = (opts: FeedBenchOptions) =>
  opts.database === 'embedded' ? 'the embedded database (PGlite)' : 'PostgreSQL';

/** Each database's results go to a section of their own. */
export function feedMarkers(opts: FeedBenchOptions): { start: string; end: string } {
  return opts.database === 'embedded'
    ? { start: '<!-- bench:feed-embedded:start -->', end: '<!-- bench:feed-embedded:end -->' }
    : FEED_MARKERS;
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const seconds = (v: number) => `${(v / 1000).toFixed(1)} s`;

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 && u > 0 ? 2 : 1)} ${units[u] ?? 'B'}`;
}

function hitCell(r: RouteResult): string {
  const c = r.homeCache;
  if (!c) return '—';
  return `${percent(homeHitRate(c))} (${int.format(c.hit)} / ${int.format(c.stale)} / ${int.format(c.miss)})`;
}

/** The headline: the home feed as a community uses it, with its workload. */
export function renderHeadline(info: FeedRunInfo, results: RouteResult[]): string {
  const { opts } = info;
  const h = results.find((r) => r.headline);
  if (!h) return 'The headline run failed (below).';
  const off = results.find((r) => r.cacheOff);
  return (
    `**Home feed on ${databaseName(opts)}, ${int.format(info.seed.users)} users / ${int.format(info.seed.memories)} memories: ` +
    `${int.format(h.rps)} req/s, p50 ${ms(h.latency.p50)} ms, p99 ${ms(h.latency.p99)} ms** — ${opts.connections} connections for ` +
    `${opts.homeDurationS} s, each request signed in as a viewer drawn from ${int.format(info.population.count)} users ` +
    `(Zipf, exponent ${opts.skew}, over a random ranking of them: a few very active, a long tail); ` +
    `${h.viewers ? int.format(h.viewers.distinct) : '?'} distinct viewers asked while measured; home cache hit rate ` +
    `${h.homeCache ? percent(homeHitRate(h.homeCache)) : '—'}` +
    (off ? `. Cache off: ${int.format(off.rps)} req/s, p99 ${ms(off.latency.p99)} ms.` : '.')
  );
}

export function renderRoutes(results: RouteResult[], failures: RouteFailure[]): string {
  const lines = [
    '| route | as | distinct viewers seen | home cache hit rate (hit / stale / miss) | req/s (avg ± sd) | p50 ms | p90 ms | p99 ms | max ms | requests | non-2xx | errors (timeouts) | server CPU µs/req | server CPU | machine CPU busy | app event-loop delay p99 / max ms | 1 connection: req/s, p50 / p99 ms | page |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const label = r.headline ? `**${r.label}**` : r.label;
    lines.push(
      `| \`GET ${r.route}\` | ${label}${r.writes ? ` (${int.format(r.writes.sent)} shared while measured, each in p50 ${ms(r.writes.latency.p50)} / p99 ${ms(r.writes.latency.p99)} ms)` : ''} | ` +
        `${r.viewers ? `${int.format(r.viewers.distinct)} of ${int.format(r.viewers.population)}` : '—'} | ${hitCell(r)} | ` +
        `${int.format(r.rps)} ± ${int.format(r.rpsStddev)} | ${ms(r.latency.p50)} | ` +
        `${ms(r.latency.p90)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${int.format(r.requests)} | ` +
        `${r.non2xx} | ${r.errors} (${r.timeouts}) | ${int.format(r.cpuPerRequest)} | ` +
        `${Math.round(r.serverCpuShare * 100)} % | ${Math.round(r.machineBusy * 100)} % | ` +
        `${r.loopDelay ? `${ms(r.loopDelay.p99)} / ${ms(r.loopDelay.max)}` : '—'} | ` +
        `${int.format(r.serial.rps)}, ${ms(r.serial.p50)} / ${ms(r.serial.p99)} | ${r.pageItems} items, ${bytes(r.pageBytes)} |`,
    );
  }
  for (const f of failures) {
    lines.push(
      `| \`GET ${f.route}\` | ${f.label} | failed: ${f.error.replaceAll('|', '\\|')} | | | | | | | | | | | | | | | |`,
    );
  }
  return lines.join('\n');
}

export function renderSeeding(info: FeedRunInfo): string {
  const { seed } = info;
  const rows = Object.values(seed.rows).reduce((a, b) => a + b, 0);
  const phases = seed.phases.map((p) => `| ${p.phase} | ${seconds(p.ms)} |`);
  const tables = Object.entries(seed.rows)
    .map(([table, n]) => `${table} ${int.format(n)}`)
    .join(', ');
  return [
    '| seeding phase | time |',
    '| --- | ---: |',
    ...phases,
    `| \`VACUUM ANALYZE\` | ${seconds(info.vacuumMs)} |`,
    `| **total** (${int.format(rows)} rows, ${int.format(rows / ((seed.totalMs + info.vacuumMs) / 1000))} rows/s) | **${seconds(seed.totalMs + info.vacuumMs)}** |`,
    '',
    `Rows: ${tables}.`,
  ].join('\n');
}

export function renderTimelines(t: TimelineStats): string {
  const perRow = (t.heapBytes + t.indexBytes) / Math.max(1, t.rows);
  return [
    '| home timelines (home_entries), after the seed | value |',
    '| --- | ---: |',
    `| rows | ${int.format(t.rows)} for ${int.format(t.owners)} dancers (${int.format(t.avgPerOwner)} each on average, at most ${int.format(t.maxPerOwner)}; cap ${t.cap}) |`,
    `| timelines trimmed at the cap (older pages read from the sources) | ${int.format(t.floors)} |`,
    `| on disk: heap ${bytes(t.heapBytes)} + primary key ${bytes(t.indexBytes)} | ${bytes(t.heapBytes + t.indexBytes)} (${perRow.toFixed(0)} B per row) |`,
    `| rows one shared memory writes (author + followers and friends its visibility reaches), over the ${int.format(t.memories)} seeded | ${t.fanoutAvg.toFixed(1)} on average, at most ${int.format(t.fanoutMax)} |`,
  ].join('\n');
}

export function renderFeedSection(
  info: FeedRunInfo,
  timelines: TimelineStats,
  results: RouteResult[],
  failures: RouteFailure[],
): string {
  const { opts } = info;
  const markers = feedMarkers(opts);
  const load = info.loadAverage.map((l) => l.toFixed(2)).join(', ');
  const embedded = opts.database === 'embedded';
  const p = info.population;
  const few = info.fewViewers;
  const where = embedded
    ? 'seeds the embedded database (PGlite) in a fresh temporary data dir'
    : "creates a scratch database on the machine's PostgreSQL and seeds it";
  const instance = embedded
    ? 'the app opens the data dir itself, so the bench closes its own handle first and the two instances below run one after the other'
    : 'pool of 10';
  return `${markers.start}

## Feeds on ${databaseName(opts)}: home, public and city on a seeded community (\`npm run bench:feed${embedded ? ' -- --database embedded' : ''}\`)

${renderHeadline(info, results)}

\`bench/feed.bench.ts\` ${where} with the library behind \`npm run seed\` (${int.format(opts.users)} users, ${int.format(opts.memories)} memories,
seed \`${opts.seed}\`: power-law follows, friendships, memories over two years with tags, mentions, comments and
reactions), runs \`VACUUM ANALYZE\`, then starts the real app (\`buildApp\`, production configuration, ${instance},
rate limits scaled out of the way, the app's logger writing to /dev/null) in a process of its own on 127.0.0.1 and
drives it with autocannon from the parent: ${opts.connections} connections, ${opts.warmupS} s of discarded warm-up then ${opts.durationS} s measured
per route (${opts.homeDurationS} s for the home feed with drawn viewers, so that most of them ask), one route after the other. Every route's first page is checked before the load (status 200,
\`{data, meta}\`, a full page). The scratch ${embedded ? 'data dir is removed' : 'database is dropped'} at the end (\`--keep\` keeps it).

**Who asks.** Each signed-in request is made as a viewer drawn from ${int.format(p.count)} of the ${int.format(p.ofUsers)} users: a seeded random
ranking of them, then a Zipf draw over the ranks (the r-th most active asks ∝ 1/r^${opts.skew}), so a few viewers ask
very often and most rarely, as in a real community. Those users follow ${p.medianFollowing} people at the median
(${p.avgFollowing.toFixed(0)} on average; ${int.format(p.followingNobody)} follow nobody). The draw continues from run to run, warm-ups
included; "distinct viewers seen" counts who asked while measured. The home feed is also measured as before, rotating
over ${few.count} users who each follow ${few.minFollowing}–${few.maxFollowing} people (${few.avgFriends.toFixed(0)} friends on average): after the warm-up every one
of their pages is cached, which is what a cache-friendly benchmark measures, not what a community does.

The home feed is measured on the instance as deployed, with the home page cache on (docs/ARCHITECTURE.md); on a
second instance started with \`HOME_CACHE_MB=0\`, so every page is read from the database; and while 200 people
the most active viewers follow share ${opts.writesPerSecond} memories a second through the API (visible to followers), each of which
makes the cached pages of the viewers who follow that dancer stale. The hit rate is the share of the home cache's
lookups, read from the app's \`/metrics\` before and after each measured run, that found a page still good.

- Command: \`${opts.command}\`
- Date: ${info.date.toISOString()}
- Machine: ${machineLine()}; load average at start ${load}
- Database: ${embedded ? info.databaseVersion : `PostgreSQL ${info.databaseVersion.split(' ')[0] ?? info.databaseVersion}`}; autocannon ${info.autocannonVersion}

### Seeding

${renderSeeding(info)}

### Feed latency

${renderRoutes(results, failures)}

With ${opts.connections} connections each waiting for its answer, latency is mostly queueing (connections ÷ req/s);
the one-connection run after each measurement (${info.serialS} s) shows what a single request costs. "server CPU" is the
share of one core the app's process used; "machine CPU busy" is the share of all cores in use by anything (the app,
${embedded ? "the embedded database in a worker thread of the app's process, which is why the app's CPU can pass 100 %" : 'PostgreSQL'}, autocannon and whatever else runs on the machine): near 100 % means the machine, not the app, sets the
pace. Figures compare runs on the same machine.

### Home timelines

The home feed reads each dancer's timeline, written when memories are shared and when follows, friendships and
mutes change (docs/SCALING.md); the seed builds them from the graph (its "home timelines" phase above).

${renderTimelines(timelines)}

${markers.end}`;
}
