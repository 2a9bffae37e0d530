import path from 'node:path';
import { parseArgs } from 'node:util';
import type { GroupSize } from './chat-fixture.ts';

export interface ChatBenchOptions {
  /** Idle connections for the memory measurement. */
  sockets: number;
  /** Measured seconds per rate step. */
  durationS: number;
  /** Steps run at each rate; a rate passes only when all of them do. */
  repeats: number;
  /** Offered sends per second, step by step, per conversation size. */
  rates: Record<GroupSize, number[]>;
  /** Which of relay, app and redis to run. */
  only: Set<string>;
  quick: boolean;
  write: boolean;
  cpuProfDir: string | undefined;
  /** PostgreSQL server on which the scratch database is created. */
  serverUrl: string;
  redisUrl: string;
  /** The command as typed, for the report. */
  command: string;
}

export const CHAT_USAGE = `npm run bench:chat -- [options]

  --sockets <n>     idle connections for the memory measurement     (default 5000)
  --duration <s>    measured seconds per rate step                  (default 8)
  --repeats <n>     steps run at each rate; a rate passes only if all do, and the
                    report shows every step, the median and the worst p99 (default 3)
  --rates-2 <list>  sends/s offered into 2-member conversations     (default 100,200,400,800,1200,1600)
  --rates-50 <list> sends/s offered into 50-member conversations    (default 50,100,150,205,250,300)
  --only <list>     subset of relay,app,redis                       (default all)
  --quick           smoke run: 500 sockets, 2 s steps, two rates each (still --repeats each);
                    does not touch docs/BENCHMARKS.md
  --no-write        print the results only
  --cpu-prof        write a V8 CPU profile of every server to bench/.results/profiles/
  BENCH_DATABASE_URL  PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres); a database
                      abrazo_bench_<random> is created there and dropped at the end.
  BENCH_REDIS_URL     Redis for the two-instance run (default redis://127.0.0.1:6379)
`;

const root = path.resolve(import.meta.dirname, '../..');

function positiveInteger(raw: string, what: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a whole number of at least 1: ${raw}`);
  return n;
}

function numberList(raw: string): number[] {
  const list = raw.split(',').map(Number);
  if (list.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`not a list of rates: ${raw}`);
  return list;
}

/** Flags win over the defaults; --quick changes the defaults, not what is given explicitly. */
export function readChatOptions(argv: string[], env: NodeJS.ProcessEnv): ChatBenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      sockets: { type: 'string' },
      duration: { type: 'string' },
      repeats: { type: 'string' },
      'rates-2': { type: 'string' },
      'rates-50': { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick;
  const only = (values.only ?? 'relay,app,redis').split(',');
  return {
    sockets: Number(values.sockets ?? (quick ? 500 : 5000)),
    durationS: Number(values.duration ?? (quick ? 2 : 8)),
    repeats: positiveInteger(values.repeats ?? '3', '--repeats'),
    rates: {
      2: numberList(values['rates-2'] ?? (quick ? '100,200' : '100,200,400,800,1200,1600')),
      50: numberList(values['rates-50'] ?? (quick ? '25,50' : '50,100,150,205,250,300')),
    },
    only: new Set(only),
    quick,
    write: !quick && !values['no-write'],
    cpuProfDir: values['cpu-prof'] ? path.join(root, 'bench/.results/profiles') : undefined,
    serverUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    command: `npm run bench:chat${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
  };
}
