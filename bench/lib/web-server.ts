import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { log } from './log.ts';

// The real server as `npm start` runs it (src/server/main.ts through tsx, production settings, the
// embedded database) on 127.0.0.1, on a temporary data dir seeded with `npm run seed`: what bench:web
// measures and `npm run screens` photographs. Everything it starts stops, and the data dir goes.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Every seeded user can log in with it. */
export const SEED_PASSWORD = 'bandoneon-en-la-madrugada';

const SEED_TIMEOUT_MS = 600_000;
const BOOT_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

export interface SeededServer {
  base: string;
  dataDir: string;
  seedMs: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** Builds dist/web when it is missing or stale, as `npm start` does. */
export function ensureWebBuild(): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-web-build.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`the web build failed (exit ${run.status})`);
}

function runToEnd(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (run.status !== 0)
    throw new Error(`${args.join(' ')} failed (${run.status ?? run.signal}):\n${run.stderr}`);
}

async function waitUntilHealthy(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`no answer on ${base}/healthz within ${BOOT_TIMEOUT_MS} ms`);
}

/** Seeds a fresh data dir with `users` dancers and starts the server on it. */
export async function startSeededServer(opts: { users: number; seed?: string }): Promise<SeededServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'abrazo-web-bench-'));
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, DATA_DIR: dataDir };
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    log(`seeding ${opts.users} dancers into ${dataDir}…`);
    const t0 = performance.now();
    runToEnd(
      [
        'scripts/seed.ts',
        '--users',
        String(opts.users),
        '--seed',
        opts.seed ?? '1',
        '--password',
        SEED_PASSWORD,
      ],
      env,
      SEED_TIMEOUT_MS,
    );
    const seedMs = performance.now() - t0;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: {
        ...env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: base,
        JWT_SECRET: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'warn',
        // `npm run screens` logs the same dancer in once per picture, past the per-account login limit.
        RATE_LIMIT_FACTOR: '100',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUntilHealthy(base, child);
    log(`server up at ${base}`);
    return { base, dataDir, seedMs, stop: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

interface FeedAuthor {
  author: { username: string };
}

/**
 * Seeded dancers to look at the app as: the author of the newest public memory (a regular, whose home
 * feed has something in it) as the viewer, another recent author for the profile page, and the other
 * recent authors (for the viewer's conversations).
 */
export async function pickDancers(
  base: string,
): Promise<{ viewer: string; profile: string; others: string[] }> {
  const res = await fetch(`${base}/api/v1/feed/public?limit=50`);
  if (!res.ok) throw new Error(`GET /api/v1/feed/public: ${res.status}`);
  const authors = [
    ...new Set(((await res.json()) as { data: FeedAuthor[] }).data.map((m) => m.author.username)),
  ];
  const [viewer, profile, ...others] = authors;
  if (!viewer || !profile) throw new Error('the seeded community has fewer than two recent authors');
  return { viewer, profile, others };
}

/** One call to the API as a client makes it (an authenticated POST with its own Idempotency-Key): its data. */
export async function api<T>(
  base: string,
  method: string,
  url: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (method === 'POST' && token) headers['idempotency-key'] = randomUUID();
  const res = await fetch(`${base}${url}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? (undefined as T) : ((await res.json()) as { data: T }).data;
}

/** A session of a seeded dancer through the API: its access token and id. */
export async function logIn(base: string, username: string): Promise<{ token: string; id: string }> {
  const result = await api<{ accessToken: string; user: { id: string } }>(
    base,
    'POST',
    '/api/v1/auth/login',
    undefined,
    { login: username, password: SEED_PASSWORD, refreshIn: 'body' },
  );
  return { token: result.accessToken, id: result.user.id };
}

/**
 * The seed has no chat: gives the viewer what a regular's chat list holds, through the API. Each of
 * `others` writes to the viewer (who accepts messages from everyone) and the two exchange a few
 * lines, the viewer reading some conversations and not others; one group of the viewer and four of
 * them. Returns the conversations, newest last (the first is a direct one with others[0]), and the
 * number of messages made.
 */
export async function seedChats(
  base: string,
  viewer: string,
  others: string[],
): Promise<{ conversationIds: string[]; messages: number }> {
  const me = await logIn(base, viewer);
  await api(base, 'PATCH', '/api/v1/me', me.token, { directMessages: 'everyone' });
  const lines = [
    '¿Vas a la milonga del sábado?',
    'Sí, llego tipo once. ¿Bailamos la de Di Sarli?',
    'Dale, guardame una tanda.',
    'Qué lindo abrazo el de anoche, gracias.',
    'El DJ puso Pugliese al final, increíble.',
  ];
  const conversationIds: string[] = [];
  let messages = 0;
  const people = others.slice(0, 12);
  const ids: string[] = [];
  for (const [i, other] of people.entries()) {
    const them = await logIn(base, other);
    ids.push(them.id);
    // The first four are in the group too, which their setting must allow the viewer to do.
    if (i < 4) await api(base, 'PATCH', '/api/v1/me', them.token, { directMessages: 'everyone' });
    const conversation = await api<{ id: string }>(base, 'POST', '/api/v1/conversations', them.token, {
      kind: 'direct',
      memberIds: [me.id],
    });
    conversationIds.push(conversation.id);
    for (let j = 0; j < 2 + (i % 4); j++) {
      const author = j % 2 === 0 ? them : me;
      const body = lines[(i + j) % lines.length] ?? '';
      await api(base, 'POST', `/api/v1/conversations/${conversation.id}/messages`, author.token, {
        clientMessageId: randomUUID(),
        body,
      });
      messages++;
    }
  }
  if (ids.length >= 4) {
    const group = await api<{ id: string }>(base, 'POST', '/api/v1/conversations', me.token, {
      kind: 'group',
      name: 'Práctica de los martes',
      memberIds: ids.slice(0, 4),
    });
    conversationIds.push(group.id);
    await api(base, 'POST', `/api/v1/conversations/${group.id}/messages`, me.token, {
      clientMessageId: randomUUID(),
      body: 'Mañana practicamos giros y sacadas, ¿quién viene?',
    });
    messages++;
  }
  return { conversationIds, messages };
}
