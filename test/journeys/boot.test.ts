import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../src/server/db/client.ts';
import { createUser } from '../factories/users.ts';
import type { LogLine } from '../helpers/app.ts';

// The real entry point, as `npm start` runs it: config from the environment, the embedded
// database under DATA_DIR, listen, and a graceful shutdown on SIGTERM.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BOOT_TIMEOUT_MS = 60_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface RunningServer {
  child: ChildProcess;
  exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Parsed JSON log lines written so far. */
  logs(): LogLine[];
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

function makeDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'abrazo-boot-'));
  dirs.push(dir);
  return dir;
}

/** Starts src/server/main.ts with only the given variables (no DATABASE_URL: the embedded database). */
function startServer(vars: Record<string, string>): RunningServer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
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

async function waitUntilHealthy(server: RunningServer, port: number): Promise<void> {
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

async function stop(server: RunningServer): Promise<Exit> {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe('booting the real server', () => {
  it('serves an embedded database, shuts down cleanly and keeps data and secret across restarts', async () => {
    const dataDir = makeDataDir();
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'development' };

    const seed = await openDatabase({ databaseUrl: undefined, dataDir });
    await seed.migrate();
    const user = await createUser(seed.db, { city: 'Rosario' });
    await seed.close();

    const first = startServer(env);
    await waitUntilHealthy(first, port);
    expect(first.logs().find((l) => l.msg === `Abrazo is up at http://127.0.0.1:${port}`)).toMatchObject({
      database: 'embedded',
    });

    const found = await fetch(`http://127.0.0.1:${port}/api/v1/users/${user.username}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      data: { id: user.id, username: user.username, city: 'Rosario' },
    });

    const missing = await fetch(`http://127.0.0.1:${port}/api/v1/users/nobody_here`);
    expect(missing.status).toBe(404);
    const body = z
      .object({ error: z.object({ code: z.string(), requestId: z.string() }) })
      .parse(await missing.json());
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBe(missing.headers.get('x-request-id'));

    const secretFile = path.join(dataDir, 'secrets', 'jwt-secret');
    const secret = readFileSync(secretFile, 'utf8');
    expect(secret.trim().length).toBeGreaterThanOrEqual(32);

    expect(await stop(first)).toEqual({ code: 0, signal: null });
    expect(first.logs().map((l) => l.msg)).toContain('shutdown complete');

    const second = startServer(env);
    await waitUntilHealthy(second, port);
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/users/${user.username}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ data: { id: user.id } });
    expect(readFileSync(secretFile, 'utf8')).toBe(secret);

    expect(await stop(second)).toEqual({ code: 0, signal: null });
    expect(second.logs().map((l) => l.msg)).toContain('shutdown complete');
  }, 180_000);

  it('refuses to boot with a bad configuration and names the variable', async () => {
    const server = startServer({ PORT: 'abc', DATA_DIR: makeDataDir(), NODE_ENV: 'development' });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toMatch(/Invalid configuration/);
    expect(server.stderr()).toMatch(/\bPORT\b/);
  });
});
