import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { BENCH_DOC } from '../servers/fixture.ts';
import type { BenchOptions } from './options.ts';
import { createScratchDatabase } from './postgres.ts';
import type { TargetVariant } from './protocol.ts';
import type { RunInfo } from './report.ts';
import { startTarget, type RunningTarget } from './target-process.ts';

// bench:http's targets: what each needs before it starts (a data dir, a scratch database), starting it,
// checking its answer, and the clean-up owed afterwards.

/** The targets that measure the framework's overhead: they stay up and take turns, round after round. */
export const FRAMEWORK_TARGETS: readonly TargetVariant[] = ['bare', 'headers', 'plugins'];

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Clean-up steps still owed (temp dirs, scratch databases); run at the end or on Ctrl-C. */
const pendingCleanups = new Set<() => Promise<void>>();

function deferCleanup(fn: () => Promise<void>): void {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    pendingCleanups.delete(once);
    await fn();
  };
  pendingCleanups.add(once);
}

export async function runCleanups(): Promise<void> {
  for (const fn of [...pendingCleanups].reverse()) {
    try {
      await fn();
    } catch (err) {
      log(`  clean-up failed: ${String(err)}`);
    }
  }
}

/** Fails fast when a target answers something else than what it is meant to serve. */
async function checkTarget(target: RunningTarget): Promise<void> {
  const res = await fetch(target.url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${target.ready.path} answered ${res.status}: ${text}`);
  const body = JSON.parse(text) as { data?: unknown };
  if (FRAMEWORK_TARGETS.includes(target.variant)) {
    if (!isDeepStrictEqual(body.data, BENCH_DOC)) throw new Error('the doc route returned another document');
  } else {
    const user = body.data as { username?: unknown } | undefined;
    if (user?.username !== target.ready.username) throw new Error('the profile route returned another user');
  }
  if (target.variant !== 'bare') {
    for (const header of ['x-request-id', 'x-response-time', 'content-security-policy']) {
      if (!res.headers.has(header)) throw new Error(`the app did not send ${header}: plugins missing?`);
    }
  }
}

async function prepareArgs(variant: TargetVariant, opts: BenchOptions, info: RunInfo): Promise<string[]> {
  const args = ['--users', String(opts.users), '--pool-size', String(opts.poolSize)];
  if (variant === 'embedded') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'abrazo-bench-'));
    deferCleanup(async () => rmSync(dir, { recursive: true, force: true }));
    args.push('--data-dir', dir);
  }
  if (variant === 'postgres') {
    const scratch = await createScratchDatabase(opts.databaseUrl).catch((err: unknown) => {
      throw new Error(
        `cannot create a database on ${opts.databaseUrl} (${String(err)}); set BENCH_DATABASE_URL ` +
          'or leave this target out with --only bare,plugins,embedded',
      );
    });
    info.postgresVersion = scratch.serverVersion;
    log(`  created database ${scratch.name} (PostgreSQL ${scratch.serverVersion})`);
    deferCleanup(async () => {
      await scratch.drop();
      log(`  dropped database ${scratch.name}`);
    });
    args.push('--database-url', scratch.url);
  }
  return args;
}

/** Starts a target in a process of its own and checks its answer once. */
export async function startVariant(
  variant: TargetVariant,
  opts: BenchOptions,
  info: RunInfo,
  resultsDir: string,
): Promise<RunningTarget> {
  const args = await prepareArgs(variant, opts, info);
  const cpuProfDir = opts.cpuProf ? path.join(resultsDir, 'profiles') : undefined;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const target = await startTarget(variant, { args, cpuProfDir });
  log(`  listening on port ${target.ready.port} after ${target.ready.setupMs} ms; GET ${target.ready.path}`);
  await checkTarget(target);
  return target;
}
