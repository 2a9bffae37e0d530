import os from 'node:os';
import autocannon from 'autocannon';
import type { FeedBenchOptions } from './feed-options.ts';
import type { RouteResult } from './feed-report.ts';
import { log } from './log.ts';
import type { RunningTarget } from './target-process.ts';
import { cacheLookups } from './metrics.ts';

// bench:feed's load: the routes measured, the autocannon runs against each, and what is read around
// them (server and machine CPU, the home cache's lookups, the memories shared meanwhile).

const CITY = 'Buenos Aires';
/** Seconds of the single-connection run that follows each measurement: latency without queueing. */
export const SERIAL_S = 5;

export interface RouteSpec {
  label: string;
  path: string;
  signedIn: boolean;
  /** Served by an instance started with HOME_CACHE_MB=0. */
  cacheOff?: boolean;
  /** The viewers' followees share memories meanwhile, at --writes per second. */
  writes?: boolean;
}

const HOME = '/api/v1/feed';

export const routesFor = (opts: FeedBenchOptions): RouteSpec[] => [
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
  const c = await cacheLookups(base, 'abrazo_home_cache_lookups_total');
  return { hit: c.hit ?? 0, stale: c.stale ?? 0, miss: c.miss ?? 0 };
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

/** Measures one route: a warm-up, the timed run, then the same route over a single connection. */
export async function measureRoute(
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
