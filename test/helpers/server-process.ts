import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { LogLine } from './app.ts';

// The real entry points as `npm start`, `npm run seed` and `npm run db:migrate` run them, in child
// processes with only the environment a test gives (no DATABASE_URL: the embedded database).

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BOOT_TIMEOUT_MS = 60_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  child: ChildProcess;
  exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Parsed JSON log lines written so far. */
  logs(): LogLine[];
}

/** Starts, tracks and at the end kills child processes and removes their data dirs. */
export function createProcesses() {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  function run(file: string, args: string[], vars: Record<string, string>): RunningProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...vars },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const exited = new Promise<Exit>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return {
      child,
      exited,
      stdout: () => out,
      stderr: () => err,
      logs: () =>
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as LogLine),
    };
  }

  return {
    /** src/server/main.ts with only the given variables. */
    startServer: (vars: Record<string, string>) => run('src/server/main.ts', [], vars),
    /** A script under scripts/, run to its end. */
    runScript: async (file: string, args: string[], vars: Record<string, string>) => {
      const script = run(file, args, vars);
      const exit = await script.exited;
      return { ...exit, stdout: script.stdout(), stderr: script.stderr() };
    },
    makeDataDir: (): string => {
      const dir = mkdtempSync(path.join(tmpdir(), 'abrazo-boot-'));
      dirs.push(dir);
      return dir;
    },
    cleanup: () => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

export async function waitUntilHealthy(server: RunningProcess, port: number): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let exit: Exit | undefined;
  void server.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit)
      throw new Error(`server exited (${JSON.stringify(exit)}) before answering:\n${server.stderr()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(
    `no answer on /healthz within ${BOOT_TIMEOUT_MS} ms:\n${server.stdout()}\n${server.stderr()}`,
  );
}

/** SIGTERM, then the exit. */
export async function stop(server: RunningProcess): Promise<Exit> {
  server.child.kill('SIGTERM');
  return server.exited;
}
