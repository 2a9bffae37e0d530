import { parseArgs } from 'node:util';
import { TARGET_VARIANTS, type TargetVariant } from './protocol.ts';

export interface BenchOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  pipelining: number;
  /** Safety cap on requests per measured target, on top of the duration. */
  maxRequests: number;
  users: number;
  poolSize: number;
  databaseUrl: string;
  only: TargetVariant[];
  /** Times the framework targets (bare, headers, plugins) are measured, taking turns. */
  rounds: number;
  quick: boolean;
  write: boolean;
  cpuProf: boolean;
  /** The command as typed, for the report. */
  command: string;
}

export const USAGE = `npm run bench:http -- [options]

  --duration <s>      measured seconds per target        (BENCH_DURATION, default 10)
  --warmup <s>        discarded warm-up seconds          (BENCH_WARMUP, default 2)
  --connections <n>   concurrent connections             (BENCH_CONNECTIONS, default 50)
  --pipelining <n>    requests in flight per connection  (BENCH_PIPELINING, default 1)
  --max-requests <n>  cap per measured target            (BENCH_MAX_REQUESTS, default duration x 200000)
  --users <n>         users seeded for the profile route (BENCH_USERS, default 5000)
  --pool-size <n>     Postgres pool size in the server   (BENCH_POOL_SIZE, default 10, as DB_POOL_SIZE)
  --only <list>       comma-separated subset of ${TARGET_VARIANTS.join(',')}
  --rounds <n>        rounds of bare, headers and plugins, in rotating order (BENCH_ROUNDS, default 3)
  --quick             smoke run: 2 s + 1 s warm-up, does not touch docs/BENCHMARKS.md
  --no-write          print the table only
  --cpu-prof          write a V8 CPU profile of every server to bench/.results/profiles/
  BENCH_DATABASE_URL  Postgres server for the postgres target (default postgres://postgres@127.0.0.1:5432/test);
                      a database abrazo_bench_<random> is created there and dropped at the end.
`;

const ENV_NAMES = [
  'BENCH_DURATION',
  'BENCH_WARMUP',
  'BENCH_CONNECTIONS',
  'BENCH_PIPELINING',
  'BENCH_MAX_REQUESTS',
  'BENCH_USERS',
  'BENCH_POOL_SIZE',
  'BENCH_DATABASE_URL',
  'BENCH_ROUNDS',
] as const;

function positive(name: string, raw: string | undefined, fallback: number, integer = true): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return n;
}

function parseOnly(raw: string | undefined): TargetVariant[] {
  if (!raw) return [...TARGET_VARIANTS];
  const wanted = raw.split(',').map((s) => s.trim());
  const bad = wanted.filter((w) => !TARGET_VARIANTS.some((t) => t === w));
  if (bad.length > 0) throw new Error(`--only: unknown target(s) ${bad.join(', ')}`);
  return TARGET_VARIANTS.filter((t) => wanted.includes(t));
}

/** Flags win over BENCH_* environment variables, which win over the defaults. */
export function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      pipelining: { type: 'string' },
      'max-requests': { type: 'string' },
      users: { type: 'string' },
      'pool-size': { type: 'string' },
      only: { type: 'string' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick;
  const durationS = positive('duration', values.duration ?? env.BENCH_DURATION, quick ? 2 : 10, false);
  const usedEnv = ENV_NAMES.filter((n) => env[n] !== undefined && env[n] !== '');
  const command = [
    ...usedEnv.map((n) => `${n}=${env[n] ?? ''}`),
    'npm run bench:http',
    ...(argv.length > 0 ? ['--', ...argv] : []),
  ].join(' ');
  return {
    durationS,
    warmupS: positive('warmup', values.warmup ?? env.BENCH_WARMUP, quick ? 1 : 2, false),
    connections: positive('connections', values.connections ?? env.BENCH_CONNECTIONS, 50),
    pipelining: positive('pipelining', values.pipelining ?? env.BENCH_PIPELINING, 1),
    maxRequests: positive(
      'max-requests',
      values['max-requests'] ?? env.BENCH_MAX_REQUESTS,
      Math.ceil(durationS * 200_000),
    ),
    users: positive('users', values.users ?? env.BENCH_USERS, quick ? 1000 : 5000),
    poolSize: positive('pool-size', values['pool-size'] ?? env.BENCH_POOL_SIZE, 10),
    databaseUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    only: parseOnly(values.only),
    rounds: positive('rounds', values.rounds ?? env.BENCH_ROUNDS, quick ? 1 : 3),
    quick,
    write: !quick && !values['no-write'],
    cpuProf: values['cpu-prof'],
    command,
  };
}
