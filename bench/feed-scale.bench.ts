import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { mergePoints, renderScaleSvg, renderScaleTable, type ScalePoint } from './lib/feed-scale-report.ts';
import { homeHitRate } from './lib/feed-report.ts';
import { log } from './lib/log.ts';
import { machineLine, writeSection } from './lib/report.ts';

// The home feed as the community grows: runs `bench:feed --headline-only` (a scratch community seeded
// at each size, the realistic home run measured, the scratch database dropped) for each size on each
// database, one after the other, and writes the table to docs/BENCHMARKS.md and the chart to
// docs/bench/feed-scale.svg. Points of earlier runs (docs/bench/feed-scale.json) stay until a run
// measures the same database and size again.

const USAGE = `npm run bench:feed-scale -- [options]

  --database <d>        postgres, embedded or both                   (default both)
  --postgres-sizes <l>  users per community on PostgreSQL           (default 2000,20000,100000)
  --embedded-sizes <l>  users per community on the embedded database (default 2000,20000)
  --home-duration <s>   measured seconds of each run                (default 45)
  --no-write            print the results only
`;

const root = path.resolve(import.meta.dirname, '..');
const docsFile = path.join(root, 'docs/BENCHMARKS.md');
const chartFile = path.join(root, 'docs/bench/feed-scale.svg');
const pointsFile = path.join(root, 'docs/bench/feed-scale.json');
const MARKERS = { start: '<!-- bench:feed-scale:start -->', end: '<!-- bench:feed-scale:end -->' };

const runSchema = z.object({
  date: z.string(),
  opts: z.object({ users: z.number(), memories: z.number(), connections: z.number() }),
  seed: z.object({ totalMs: z.number() }),
  timelines: z.object({ rows: z.number() }),
  results: z.array(
    z.object({
      headline: z.boolean().optional(),
      cacheOff: z.boolean().optional(),
      rps: z.number(),
      latency: z.object({ p50: z.number(), p99: z.number() }),
      homeCache: z.object({ hit: z.number(), stale: z.number(), miss: z.number() }).optional(),
      viewers: z.object({ distinct: z.number() }).optional(),
    }),
  ),
});
const pointsSchema = z.array(
  z.object({
    database: z.enum(['postgres', 'embedded']),
    users: z.number(),
    memories: z.number(),
    connections: z.number(),
    rps: z.number(),
    p50: z.number(),
    p99: z.number(),
    hitRate: z.number(),
    distinctViewers: z.number(),
    seedS: z.number(),
    timelineRows: z.number(),
    date: z.string(),
    cacheOff: z.object({ rps: z.number(), p50: z.number(), p99: z.number() }).optional(),
  }),
);

function sizesOf(name: string, raw: string): number[] {
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
    throw new Error(`${name} must be a comma-separated list of user counts of at least 100, got "${raw}"`);
  }
  return sizes;
}

/** One bench:feed run in a child process; its headline as a point. */
function measure(database: ScalePoint['database'], users: number, homeDuration: string): ScalePoint {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'abrazo-feed-scale-'));
  const file = path.join(dir, 'run.json');
  try {
    const args = [
      'tsx',
      'bench/feed.bench.ts',
      `--database=${database}`,
      `--users=${users}`,
      `--home-duration=${homeDuration}`,
      '--headline-only',
      `--results-file=${file}`,
    ];
    log(`\n━━ ${database}, ${users} users: npx ${args.join(' ')}`);
    const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0 || !existsSync(file)) {
      throw new Error(
        `bench:feed failed for ${database} at ${users} users (exit ${run.status ?? run.signal})`,
      );
    }
    const r = runSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const h = r.results.find((x) => x.headline);
    if (!h) throw new Error(`no headline row for ${database} at ${users} users`);
    const off = r.results.find((x) => x.cacheOff);
    return {
      database,
      users: r.opts.users,
      memories: r.opts.memories,
      connections: r.opts.connections,
      rps: h.rps,
      p50: h.latency.p50,
      p99: h.latency.p99,
      hitRate: h.homeCache ? homeHitRate(h.homeCache) : 0,
      distinctViewers: h.viewers?.distinct ?? 0,
      seedS: r.seed.totalMs / 1000,
      timelineRows: r.timelines.rows,
      date: r.date,
      ...(off ? { cacheOff: { rps: off.rps, p50: off.latency.p50, p99: off.latency.p99 } } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function section(points: ScalePoint[], command: string): string {
  return `${MARKERS.start}

## The home feed as the community grows (\`npm run bench:feed-scale\`)

![Home feed p50 and p99 against community size, both databases](bench/feed-scale.svg)

Each row is one \`bench:feed --headline-only\` run: a scratch community seeded at that size (25 memories per user,
home timelines built), then the home feed measured for 45 s as deployed (cache on) with viewers drawn from all
users (Zipf 0.7), PostgreSQL at 50 connections and the embedded database at 20, then for 45 s more on an
instance with the home cache off (\`HOME_CACHE_MB=0\`, the same viewers: what the timelines cost without the
cache's help, whatever its hit rate), and the scratch database dropped. Points measured before 5 December
have no cache-off run (—).
Each row keeps the figures of the last run that measured its size (the command below is the latest run's);
the chart (\`docs/bench/feed-scale.svg\`) is drawn by the bench from the same points (\`docs/bench/feed-scale.json\`).

- Command: \`${command}\`
- Machine: ${machineLine()}

${renderScaleTable(points)}

${MARKERS.end}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      database: { type: 'string', default: 'both' },
      'postgres-sizes': { type: 'string', default: '2000,20000,100000' },
      'embedded-sizes': { type: 'string', default: '2000,20000' },
      'home-duration': { type: 'string', default: '45' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const databases: ScalePoint['database'][] =
    values.database === 'both'
      ? ['postgres', 'embedded']
      : [z.enum(['postgres', 'embedded']).parse(values.database)];
  const plan = databases.flatMap((database) =>
    sizesOf(`${database}-sizes`, values[`${database}-sizes`]).map((users) => ({ database, users })),
  );
  const fresh: ScalePoint[] = [];
  for (const { database, users } of plan) fresh.push(measure(database, users, values['home-duration']));
  const old = existsSync(pointsFile) ? pointsSchema.parse(JSON.parse(readFileSync(pointsFile, 'utf8'))) : [];
  const points = mergePoints(old, fresh);
  process.stdout.write(`\n${renderScaleTable(points)}\n`);
  if (values['no-write']) {
    log('\n(docs not written: --no-write)');
    return 0;
  }
  mkdirSync(path.dirname(chartFile), { recursive: true });
  writeFileSync(pointsFile, `${JSON.stringify(points, null, 2)}\n`);
  writeFileSync(chartFile, renderScaleSvg(points));
  const command = [
    'npm run bench:feed-scale',
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ];
  await writeSection(docsFile, section(points, command.join(' ')), MARKERS);
  log(
    `\nwrote ${path.relative(root, docsFile)}, ${path.relative(root, chartFile)} and ${path.relative(root, pointsFile)}`,
  );
  return 0;
}

void main()
  .catch((err: unknown) => {
    log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  })
  .then((code) => process.exit(code));
