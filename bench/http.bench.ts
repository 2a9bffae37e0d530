import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { FRAMEWORK_TARGETS, log, runCleanups, startVariant } from './lib/http-targets.ts';
import { readOptions, USAGE, type BenchOptions } from './lib/options.ts';
import type { TargetVariant } from './lib/protocol.ts';
import {
  LABELS,
  PLUGINS_GUARD,
  pluginsGuard,
  renderRatios,
  renderSection,
  renderTable,
  writeSection,
  type RunInfo,
  type TargetFailure,
  type TargetResult,
} from './lib/report.ts';
import { stopAllTargets, type RunningTarget } from './lib/target-process.ts';

// HTTP benchmark: bare Fastify vs the app with all its plugins vs the profile route on both databases.
// Exits 1 when the plugins keep less than PLUGINS_GUARD of bare's throughput (bench/lib/report.ts).
// Usage and options: bench/lib/options.ts (or `npm run bench:http -- --help`).

const root = path.resolve(import.meta.dirname, '..');
const docsFile = path.join(root, 'docs/BENCHMARKS.md');
const resultsDir = path.join(root, 'bench/.results');

async function cleanUpEverything(): Promise<void> {
  await stopAllTargets();
  await runCleanups();
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`\n${signal}: stopping servers and cleaning up…`);
    void cleanUpEverything().finally(() => process.exit(130));
  });
}

function load(url: string, opts: BenchOptions, durationS: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: opts.connections,
    pipelining: opts.pipelining,
    duration: durationS,
    maxOverallRequests: opts.maxRequests,
    timeout: 10,
  });
}

/** Logs a target's failure and describes it for the report. */
function failure(variant: TargetVariant, err: unknown): TargetFailure {
  const message = err instanceof Error ? err.message : String(err);
  log(`  ✗ ${message}`);
  return { variant, error: message };
}

async function measureRunning(
  target: RunningTarget,
  variant: TargetVariant,
  opts: BenchOptions,
  round: number | undefined,
): Promise<TargetResult> {
  log(`  warm-up ${opts.warmupS} s (discarded)…`);
  await load(target.url, opts, opts.warmupS);
  log(`  measuring ${opts.durationS} s…`);
  const serverBefore = await target.cpuMicros();
  const clientBefore = process.cpuUsage();
  const r = await load(target.url, opts, opts.durationS);
  const client = process.cpuUsage(clientBefore);
  const serverMicros = (await target.cpuMicros()) - serverBefore;
  const wallMicros = r.duration * 1e6;
  const result: TargetResult = {
    variant,
    ...(round === undefined ? {} : { round }),
    route: `GET ${target.ready.path}`,
    rps: r.requests.average,
    rpsStddev: r.requests.stddev,
    cpuPerRequest: serverMicros / Math.max(1, r.requests.total),
    serverCpuShare: serverMicros / wallMicros,
    clientCpuShare: (client.user + client.system) / wallMicros,
    requests: r.requests.total,
    latency: { p50: r.latency.p50, p99: r.latency.p99, avg: r.latency.average, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    setupMs: target.ready.setupMs,
  };
  log(
    `  ${Math.round(result.rps)} req/s, p99 ${result.latency.p99} ms, ` +
      `${Math.round(result.cpuPerRequest)} µs server CPU per request; CPU used: ` +
      `server ${Math.round(result.serverCpuShare * 100)} %, autocannon ${Math.round(result.clientCpuShare * 100)} %`,
  );
  return result;
}

/** One target on its own: started, measured once, stopped. */
async function measure(variant: TargetVariant, opts: BenchOptions, info: RunInfo): Promise<TargetResult> {
  log(`\n▶ ${LABELS[variant]}`);
  let target: RunningTarget | undefined;
  try {
    target = await startVariant(variant, opts, info, resultsDir);
    return await measureRunning(target, variant, opts, undefined);
  } finally {
    await target?.stop();
    await runCleanups();
  }
}

/**
 * The framework targets, all started, then measured in turn for opts.rounds rounds, each round starting
 * with the next target: the machine's drift over a run, and any cost of going first or last, then weigh
 * on every target alike, and each round gives its own ratios.
 */
async function measureRounds(
  variants: TargetVariant[],
  opts: BenchOptions,
  info: RunInfo,
  results: TargetResult[],
  failures: TargetFailure[],
): Promise<void> {
  const running = new Map<TargetVariant, RunningTarget>();
  const fail = (variant: TargetVariant, err: unknown) => failures.push(failure(variant, err));
  try {
    for (const variant of variants) {
      log(`\n▶ ${LABELS[variant]}: starting`);
      try {
        running.set(variant, await startVariant(variant, opts, info, resultsDir));
      } catch (err) {
        fail(variant, err);
      }
    }
    const order = [...running];
    for (let round = 1; round <= opts.rounds && !interrupted; round++) {
      const shift = (round - 1) % Math.max(1, order.length);
      for (const [variant, target] of [...order.slice(shift), ...order.slice(0, shift)]) {
        if (interrupted) break;
        log(`\n▶ ${LABELS[variant]}, round ${round} of ${opts.rounds}`);
        try {
          results.push(await measureRunning(target, variant, opts, round));
        } catch (err) {
          fail(variant, err);
        }
      }
    }
  } finally {
    for (const target of running.values()) await target.stop();
    await runCleanups();
  }
}

function autocannonVersion(): string {
  const pkg = readFileSync(path.join(root, 'node_modules/autocannon/package.json'), 'utf8');
  return (JSON.parse(pkg) as { version: string }).version;
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof readOptions>;
  try {
    opts = readOptions(process.argv.slice(2), process.env);
  } catch (err) {
    log(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const info: RunInfo = {
    date: new Date(),
    opts,
    autocannonVersion: autocannonVersion(),
    postgresVersion: undefined,
    loadAverage: os.loadavg(),
  };
  log(
    `HTTP bench: ${opts.only.join(', ')}; ${opts.connections} connections, pipelining ${opts.pipelining}, ` +
      `${opts.warmupS} s warm-up + ${opts.durationS} s per target`,
  );

  const results: TargetResult[] = [];
  const failures: TargetFailure[] = [];
  try {
    const framework = opts.only.filter((v) => FRAMEWORK_TARGETS.includes(v));
    if (opts.rounds > 1 && framework.length > 0)
      await measureRounds(framework, opts, info, results, failures);
    for (const variant of opts.only) {
      if (interrupted) break;
      if (opts.rounds > 1 && framework.includes(variant)) continue;
      try {
        results.push(await measure(variant, opts, info));
      } catch (err) {
        failures.push(failure(variant, err));
      }
    }
  } finally {
    await cleanUpEverything();
  }
  if (interrupted) return 130;

  process.stdout.write(`\n${renderTable(results, failures)}\n\n${renderRatios(results)}\n`);
  const suspicious = results.filter((r) => r.non2xx > 0 || r.errors > 0);
  for (const r of suspicious) {
    log(`warning: ${LABELS[r.variant]} had ${r.non2xx} non-2xx responses and ${r.errors} errors`);
  }

  mkdirSync(resultsDir, { recursive: true });
  const stamp = info.date.toISOString().replace(/[:.]/g, '-');
  writeFileSync(
    path.join(resultsDir, `http-${stamp}.json`),
    JSON.stringify({ ...info, results, failures }, null, 2),
  );

  if (failures.length > 0) {
    log(`\n${failures.length} target(s) failed; docs/BENCHMARKS.md left unchanged.`);
    return 1;
  }
  if (opts.write) {
    await writeSection(docsFile, renderSection(info, results, failures));
    log(`\nwrote the results to ${path.relative(process.cwd(), docsFile)}`);
  } else {
    log('\n(docs/BENCHMARKS.md not written: --quick or --no-write)');
  }
  const guard = pluginsGuard(results);
  if (!guard) {
    log('(no guard: bare and all our plugins were not both measured)');
    return 0;
  }
  const kept = `${(guard.ratio * 100).toFixed(1)} %`;
  if (guard.held) {
    log(`guard held: all our plugins kept ${kept} of bare's throughput (at least ${PLUGINS_GUARD * 100} %)`);
    return 0;
  }
  log(`\nguard FAILED: all our plugins kept ${kept} of bare's throughput, under ${PLUGINS_GUARD * 100} %`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void cleanUpEverything().finally(() => process.exit(1));
  },
);
