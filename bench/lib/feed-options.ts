import { parseArgs } from 'node:util';

export interface FeedBenchOptions {
  users: number;
  memories: number;
  seed: string;
  durationS: number;
  warmupS: number;
  connections: number;
  /** How many seeded users (each following ~200 people) the home feed rotates over. */
  viewers: number;
  /** Memories the viewers' followees share per second during the "with writes" home run. */
  writesPerSecond: number;
  /** PostgreSQL server on which the scratch database is created. */
  serverUrl: string;
  keep: boolean;
  write: boolean;
  /** The command as typed, for the report. */
  command: string;
}

export const FEED_USAGE = `npm run bench:feed -- [options]

Seeds a scratch PostgreSQL database with a tango community, then measures the home, public and city
feeds of the real app (its own process, 127.0.0.1) with autocannon, and computes what fan-out on
write would cost on the same graph. Writes its section of docs/BENCHMARKS.md.

  --users <n>         seeded users                        (BENCH_FEED_USERS, default 20000)
  --memories <n>      seeded memories                     (BENCH_FEED_MEMORIES, default 25 x users)
  --seed <s>          seed of the community               (default bench-feed)
  --duration <s>      measured seconds per route          (BENCH_DURATION, default 15)
  --warmup <s>        discarded warm-up seconds per route (BENCH_WARMUP, default 3)
  --connections <n>   concurrent connections              (BENCH_CONNECTIONS, default 50)
  --viewers <n>       signed-in users the feeds rotate over (default 8)
  --writes <n>        memories per second the viewers' followees share during the home feed's
                      "with writes" run                   (default 20)
  --keep              keep the scratch database (its URL is printed) instead of dropping it
  --quick             smoke run: 2,000 users, 3 s per route, does not touch docs/BENCHMARKS.md
  --no-write          print the results only
  BENCH_DATABASE_URL  PostgreSQL server on 127.0.0.1 (default postgres://postgres@127.0.0.1:5432/postgres);
                      a database abrazo_bench_<random> is created there and dropped at the end.
`;

const ENV_NAMES = [
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

/** Flags win over environment variables, which win over the defaults. */
export function readFeedOptions(argv: string[], env: NodeJS.ProcessEnv): FeedBenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string' },
      memories: { type: 'string' },
      seed: { type: 'string', default: 'bench-feed' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      viewers: { type: 'string' },
      writes: { type: 'string' },
      keep: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick;
  const users = positive('users', values.users ?? env.BENCH_FEED_USERS, quick ? 2000 : 20_000);
  const serverUrl = env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!LOOPBACK.has(new URL(serverUrl).hostname)) {
    throw new Error(
      `BENCH_DATABASE_URL must point at this machine (127.0.0.1), not ${new URL(serverUrl).host}`,
    );
  }
  const usedEnv = ENV_NAMES.filter((n) => env[n] !== undefined && env[n] !== '');
  return {
    users,
    memories: positive('memories', values.memories ?? env.BENCH_FEED_MEMORIES, users * 25),
    seed: values.seed,
    durationS: positive('duration', values.duration ?? env.BENCH_DURATION, quick ? 3 : 15, false),
    warmupS: positive('warmup', values.warmup ?? env.BENCH_WARMUP, quick ? 1 : 3, false),
    connections: positive('connections', values.connections ?? env.BENCH_CONNECTIONS, 50),
    viewers: positive('viewers', values.viewers, 8),
    writesPerSecond: positive('writes', values.writes, 20, false),
    serverUrl,
    keep: values.keep,
    write: !quick && !values['no-write'],
    command: [
      ...usedEnv.map((n) => `${n}=${env[n] ?? ''}`),
      'npm run bench:feed',
      ...(argv.length > 0 ? ['--', ...argv] : []),
    ].join(' '),
  };
}
