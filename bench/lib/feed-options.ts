import { parseArgs } from 'node:util';

export type FeedDatabase = 'postgres' | 'embedded';

export interface FeedBenchOptions {
  /** Where the community is seeded and the app reads it: a scratch PostgreSQL database or a PGlite data dir. */
  database: FeedDatabase;
  users: number;
  memories: number;
  seed: string;
  durationS: number;
  /** Measured seconds of the home runs with drawn viewers: long enough for ≥ 10,000 of them to ask. */
  homeDurationS: number;
  warmupS: number;
  connections: number;
  /** Distinct seeded users the realistic load draws its viewers from (every user by default). */
  viewers: number;
  /** Zipf exponent of the realistic draw: the r-th most active viewer asks ∝ 1 / r^skew (0: uniform). */
  skew: number;
  /** How many seeded users (each following ~200 people) the cache-friendly home run rotates over. */
  fewViewers: number;
  /** Memories the viewers' followees share per second during the "with writes" home run. */
  writesPerSecond: number;
  /** PostgreSQL server on which the scratch database is created (--database postgres). */
  serverUrl: string;
  keep: boolean;
  write: boolean;
  /** Measure the headline run only (the realistic home feed, cache as deployed) and its cache-off twin: bench:feed-scale's mode. */
  headlineOnly: boolean;
  /** Where to write the run's JSON results, besides bench/.results/. */
  resultsFile: string | undefined;
  /** Where each app process writes a V8 CPU profile at its exit (none when undefined). */
  cpuProfDir: string | undefined;
  /** The command as typed, for the report. */
  command: string;
}

export const FEED_USAGE = `npm run bench:feed -- [options]

Seeds a tango community into a scratch database (PostgreSQL, or the embedded PGlite in a temporary data
dir), then measures the home, public and city feeds of the real app (its own process, 127.0.0.1) with
autocannon, and reports what the home timelines (fan-out on write) hold. Signed-in requests draw
their viewer from the whole community, skewed like activity (Zipf over a seeded random ranking of the
users); the home feed is also measured with a few cache-friendly viewers, as a separate row. Writes its
section of docs/BENCHMARKS.md (one section per database).

  --database <d>      postgres or embedded                (BENCH_FEED_DATABASE, default postgres)
  --users <n>         seeded users                        (BENCH_FEED_USERS, default 20000 on postgres,
                                                           2000 embedded)
  --memories <n>      seeded memories                     (BENCH_FEED_MEMORIES, default 25 x users)
  --seed <s>          seed of the community and of the viewers' draw (default bench-feed)
  --duration <s>      measured seconds per route          (BENCH_DURATION, default 15)
  --home-duration <s> measured seconds of the home runs with drawn viewers (default 3 x duration)
  --warmup <s>        discarded warm-up seconds per route (BENCH_WARMUP, default 3)
  --connections <n>   concurrent connections              (BENCH_CONNECTIONS, default 50 on postgres,
                                                           20 embedded)
  --viewers <n>       distinct users the signed-in requests draw from (default: every user)
  --skew <s>          Zipf exponent of that draw, 0 for uniform (default 0.7)
  --few-viewers <n>   users (following ~200 people each) of the cache-friendly home run (default 8)
  --writes <n>        memories per second the viewers' followees share during the home feed's
                      "with writes" run                   (default 20)
  --keep              keep the scratch database or data dir (printed) instead of removing it
  --quick             smoke run: 2,000 users on postgres (1,000 embedded), 3 s per route, does not
                      touch docs/BENCHMARKS.md
  --no-write          print the results only
  --headline-only     measure the realistic home feed only, with the cache as deployed and off, and write
                      nothing to docs (bench:feed-scale uses it)
  --results-file <f>  also write the run's JSON results to this file
  --cpu-prof <dir>    each app process writes a V8 CPU profile there when it stops
  BENCH_DATABASE_URL  PostgreSQL server on 127.0.0.1 (default postgres://postgres@127.0.0.1:5432/postgres);
                      a database abrazo_bench_<random> is created there and dropped at the end.
`;

const ENV_NAMES = [
  'BENCH_FEED_DATABASE',
  'BENCH_FEED_USERS',
  'BENCH_FEED_MEMORIES',
  'BENCH_DURATION',
  'BENCH_WARMUP',
  'BENCH_CONNECTIONS',
  'BENCH_DATABASE_URL',
] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return n;
}

function databaseOf(raw: string | undefined): FeedDatabase {
  if (raw === undefined || raw === '' || raw === 'postgres') return 'postgres';
  if (raw === 'embedded') return 'embedded';
  throw new Error(`database must be postgres or embedded, got "${raw}"`);
}

/** Flags win over environment variables, which win over the defaults. */
export function readFeedOptions(argv: string[], env: NodeJS.ProcessEnv): FeedBenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      database: { type: 'string' },
      users: { type: 'string' },
      memories: { type: 'string' },
      seed: { type: 'string', default: 'bench-feed' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      viewers: { type: 'string' },
      skew: { type: 'string' },
      'home-duration': { type: 'string' },
      'few-viewers': { type: 'string' },
      writes: { type: 'string' },
      keep: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'headline-only': { type: 'boolean', default: false },
      'results-file': { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick;
  const database = databaseOf(values.database ?? env.BENCH_FEED_DATABASE);
  const embedded = database === 'embedded';
  const defaultUsers = embedded ? (quick ? 1000 : 2000) : quick ? 2000 : 20_000;
  const users = positive('users', values.users ?? env.BENCH_FEED_USERS, defaultUsers);
  const serverUrl = env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!embedded && !LOOPBACK.has(new URL(serverUrl).hostname)) {
    throw new Error(
      `BENCH_DATABASE_URL must point at this machine (127.0.0.1), not ${new URL(serverUrl).host}`,
    );
  }
  const skewRaw = values.skew;
  const skew = skewRaw === undefined || skewRaw === '' ? 0.7 : Number(skewRaw);
  if (!Number.isFinite(skew) || skew < 0) throw new Error(`skew must be a number ≥ 0, got "${skewRaw}"`);
  const durationS = positive('duration', values.duration ?? env.BENCH_DURATION, quick ? 3 : 15, false);
  const usedEnv = ENV_NAMES.filter((n) => env[n] !== undefined && env[n] !== '');
  return {
    database,
    users,
    memories: positive('memories', values.memories ?? env.BENCH_FEED_MEMORIES, users * 25),
    seed: values.seed,
    durationS,
    homeDurationS: positive('home-duration', values['home-duration'], durationS * 3, false),
    warmupS: positive('warmup', values.warmup ?? env.BENCH_WARMUP, quick ? 1 : 3, false),
    connections: positive('connections', values.connections ?? env.BENCH_CONNECTIONS, embedded ? 20 : 50),
    viewers: Math.min(users, positive('viewers', values.viewers, users)),
    skew,
    fewViewers: positive('few-viewers', values['few-viewers'], 8),
    writesPerSecond: positive('writes', values.writes, 20, false),
    serverUrl,
    keep: values.keep,
    write: !quick && !values['no-write'] && !values['headline-only'],
    headlineOnly: values['headline-only'],
    resultsFile: values['results-file'],
    cpuProfDir: values['cpu-prof'],
    command: [
      ...usedEnv.map((n) => `${n}=${env[n] ?? ''}`),
      'npm run bench:feed',
      ...(argv.length > 0 ? ['--', ...argv] : []),
    ].join(' '),
  };
}
