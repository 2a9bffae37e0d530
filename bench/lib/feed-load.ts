import os from 'node:os';
import autocannon from 'autocannon';
import type { FeedBenchOptions } from './feed-options.ts';
import type { ViewerStream } from './feed-draw.ts';
import { homeHitRate, type RouteResult } from './feed-report.ts';
import { log } from './log.ts';
import type { RunningTarget } from './target-process.ts';
import { cacheLookups } from './metrics.ts';

// bench:feed's load: the routes measured, the autocannon runs against each, and what is read around
// them (server and machine CPU, the home cache's lookups, the memories shared meanwhile).

const CITY = 'Buenos Aires';
/** Seconds of the single-connection run that follows each measurement: latency without queueing. */
export const SERIAL_S = 5;

export type RouteViewers = 'drawn' | 'few' | 'anonymous';

export interface RouteSpec {
  label: string;
  path: string;
  /** Whose tokens: the realistic draw over the community, the few cache-friendly viewers, or none. */
  viewers: RouteViewers;
  /** Served by an instance started with HOME_CACHE_MB=0. */
  cacheOff?: boolean;
  /** The most active viewers' followees share memories meanwhile, at --writes per second. */
  writes?: boolean;
  /** The row the section leads with. */
  headline?: boolean;
}

const HOME = '/api/v1/feed';
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The routes in the order of the report, for the viewers actually signed in. */
export function routesFor(
  opts: FeedBenchOptions,
  signedIn: { population: number; few: number },
): RouteSpec[] {
  const drawn = `${int.format(signedIn.population)} viewers, Zipf ${opts.skew}`;
  return [
    { label: `signed in, ${drawn}`, path: HOME, viewers: 'drawn', headline: true },
    { label: `signed in, ${drawn}, cache off`, path: HOME, viewers: 'drawn', cacheOff: true },
    {
      label: `signed in, ${drawn}, followees sharing ${opts.writesPerSecond}/s`,
      path: HOME,
      viewers: 'drawn',
      writes: true,
    },
    { label: `signed in, ${signedIn.few} viewers (cache-friendly)`, path: HOME, viewers: 'few' },
    { label: 'anonymous', path: '/api/v1/feed/public', viewers: 'anonymous' },
    { label: `signed in, ${drawn}`, path: '/api/v1/feed/public', viewers: 'drawn' },
    { label: 'anonymous', path: `/api/v1/cities/${encodeURIComponent(CITY)}/feed`, viewers: 'anonymous' },
    {
      label: `signed in, ${drawn}`,
      path: `/api/v1/cities/${encodeURIComponent(CITY)}/feed`,
      viewers: 'drawn',
    },
  ];
}

/**
 * The order the routes run in: the cache-off instance first (on the embedded database only one
 * process may hold the data dir, so the two instances run one after the other), then the cache-on
 * instance, the run with writes last (the memories it shares top the viewers' pages afterwards).
 */
export function runOrder(specs: RouteSpec[]): RouteSpec[] {
  const rank = (s: RouteSpec) => (s.cacheOff ? 0 : s.writes ? 2 : 1);
  return [...specs].sort((a, b) => rank(a) - rank(b));
}

/** Fails fast unless the route answers a full first page in the documented envelope. */
async function checkRoute(base: string, spec: RouteSpec, checkToken: string) {
  const headers: Record<string, string> =
    spec.viewers === 'anonymous' ? {} : { authorization: `Bearer ${checkToken}` };
  const res = await fetch(base + spec.path, { headers });
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

/** Shares `perSecond` memories a second through the API, rotating over `tokens`, until stopped. */
function startWriter(base: string, tokens: string[], perSecond: number) {
  const counts = { sent: 0, failed: 0 };
  /** How long each successful share took (it writes the memory into its audience's timelines), ms. */
  let durations: number[] = [];
  let n = 0;
  const timer = setInterval(() => {
    const token = tokens[n++ % tokens.length] ?? '';
    const started = performance.now();
    fetch(`${base}/api/v1/memories`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `Bench memory ${n} #milonga`, visibility: 'followers' }),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 201) {
          counts.sent++;
          durations.push(performance.now() - started);
        } else counts.failed++;
      })
      .catch(() => counts.failed++);
  }, 1000 / perSecond);
  return {
    counts: () => ({ ...counts }),
    /** p50 and p99 of the shares since the previous call, ms. */
    takeLatency: () => {
      const sorted = durations.sort((a, b) => a - b);
      durations = [];
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return { p50: at(0.5), p99: at(0.99) };
    },
    stop: () => clearInterval(timer),
  };
}

/** The app's home cache lookups so far, from its /metrics. */
async function homeCacheLookups(base: string): Promise<{ hit: number; stale: number; miss: number }> {
  const c = await cacheLookups(base, 'abrazo_home_cache_lookups_total');
  return { hit: c.hit ?? 0, stale: c.stale ?? 0, miss: c.miss ?? 0 };
}

/** Each request's viewer comes from `viewers` (none: anonymous); one header object per request. */
function load(url: string, viewers: ViewerStream | undefined, connections: number, durationS: number) {
  return autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        ...(viewers
          ? {
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                headers: { ...req.headers, authorization: `Bearer ${viewers.next()}` },
              }),
            }
          : {}),
      },
    ],
  });
}

export interface RouteViewerStreams {
  drawn: ViewerStream;
  few: ViewerStream;
  /** A viewer whose pages are not empty (one of the few), for the check before the load. */
  checkToken: string;
}

const lookupsTotal = (l: { hit: number; stale: number; miss: number }) => l.hit + l.stale + l.miss;

/** Measures one route: a warm-up, the timed run, then the same route over a single connection. */
export async function measureRoute(
  target: RunningTarget<'feed'>,
  spec: RouteSpec,
  streams: RouteViewerStreams,
  writerTokens: string[],
  opts: FeedBenchOptions,
): Promise<RouteResult> {
  const base = `http://127.0.0.1:${target.ready.port}`;
  log(`\n▶ GET ${spec.path} (${spec.label})`);
  const page = await checkRoute(base, spec, streams.checkToken);
  const viewers = spec.viewers === 'anonymous' ? undefined : streams[spec.viewers];
  const writer = spec.writes ? startWriter(base, writerTokens, opts.writesPerSecond) : undefined;
  const measured = async () => {
    log(`  first page: ${page.pageItems} items, ${page.pageBytes} bytes; warm-up ${opts.warmupS} s…`);
    await load(base + spec.path, viewers, opts.connections, opts.warmupS);
    const seconds = spec.path === HOME && spec.viewers === 'drawn' ? opts.homeDurationS : opts.durationS;
    log(`  measuring ${seconds} s…`);
    const lookupsBefore = await homeCacheLookups(base);
    const writesBefore = writer?.counts();
    writer?.takeLatency();
    viewers?.takeDistinct();
    // usage() also restarts the target's event-loop delay histogram, so the second one covers the run.
    const usageBefore = await target.usage();
    const machineBefore = machineCpu();
    const run = await load(base + spec.path, viewers, opts.connections, seconds);
    const machineAfter = machineCpu();
    const usageAfter = await target.usage();
    const cpu = usageAfter.micros - usageBefore.micros;
    const distinct = viewers?.takeDistinct();
    const writesAfter = writer?.counts();
    const lookupsAfter = await homeCacheLookups(base);
    if (writesAfter && writesAfter.failed > 0)
      throw new Error(`${writesAfter.failed} shared memories failed`);
    const homeCache = {
      hit: lookupsAfter.hit - lookupsBefore.hit,
      stale: lookupsAfter.stale - lookupsBefore.stale,
      miss: lookupsAfter.miss - lookupsBefore.miss,
    };
    return {
      run,
      cpu,
      loopDelay: { p99: usageAfter.loopDelayP99Ms, max: usageAfter.loopDelayMaxMs },
      distinct,
      machineBusy:
        (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total),
      // Only the home feed looks the cache up; other routes leave the counters alone.
      homeCache: lookupsTotal(homeCache) > 0 ? homeCache : undefined,
      writes:
        writer && writesBefore && writesAfter
          ? {
              sent: writesAfter.sent - writesBefore.sent,
              failed: writesAfter.failed - writesBefore.failed,
              latency: writer.takeLatency(),
            }
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
  const serial = await load(base + spec.path, viewers, 1, SERIAL_S);
  const result: RouteResult = {
    label: spec.label,
    route: spec.path,
    ...(spec.headline ? { headline: true } : {}),
    ...(spec.cacheOff ? { cacheOff: true } : {}),
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
    loopDelay: m.loopDelay,
    serial: { rps: serial.requests.average, p50: serial.latency.p50, p99: serial.latency.p99 },
    ...page,
    ...(viewers && m.distinct !== undefined
      ? {
          viewers: { description: viewers.description, population: viewers.population, distinct: m.distinct },
        }
      : {}),
    ...(m.homeCache ? { homeCache: m.homeCache } : {}),
    ...(m.writes ? { writes: m.writes } : {}),
  };
  const hitRate = result.homeCache ? homeHitRate(result.homeCache) : undefined;
  log(
    `  ${Math.round(result.rps)} req/s, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, ` +
      `p99 ${result.latency.p99} ms; event-loop delay p99 ${m.loopDelay.p99.toFixed(1)} ms; non-2xx ${result.non2xx}, errors ${result.errors}; ` +
      (result.viewers ? `${result.viewers.distinct} distinct viewers; ` : '') +
      (hitRate === undefined ? '' : `home cache hit rate ${(hitRate * 100).toFixed(1)} %; `) +
      `one connection: p50 ${result.serial.p50} ms, p99 ${result.serial.p99} ms`,
  );
  return result;
}
