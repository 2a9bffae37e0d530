import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { hash, verify } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { z } from 'zod';
import { ARGON2_OPTIONS } from '../src/server/modules/auth/passwords.ts';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.ts';
import { machineLine, writeSection } from './lib/report.ts';

// npm run bench:auth [-- --duration S] [--connections N] [--skip-postgres] [--no-write]
// Logins/s with argon2id at the chosen parameters, and refresh-token rotations/s, against the real app
// on 127.0.0.1. Bounded in time; stops by itself; writes its section of docs/BENCHMARKS.md.

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    users: { type: 'string', default: '32' },
    'skip-postgres': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const DURATION_S = Math.min(60, Math.max(1, Number(values.duration)));
const CONNECTIONS = Math.min(256, Math.max(1, Number(values.connections)));
const USERS = Math.min(500, Math.max(1, Number(values.users)));
const PASSWORD = 'bandoneon-en-la-madrugada';
const FILE = new URL('../docs/BENCHMARKS.md', import.meta.url);
const START = '<!-- bench:auth:start -->';
const END = '<!-- bench:auth:end -->';

const authResult = z.object({ data: z.object({ accessToken: z.string(), refreshToken: z.string() }) });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** argon2id cost in this process: one operation at a time, then as many as the thread pool runs. */
async function measureArgon2() {
  const stored = await hash(PASSWORD, ARGON2_OPTIONS);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await verify(stored, PASSWORD);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  let done = 0;
  const until = performance.now() + 3000;
  const worker = async () => {
    while (performance.now() < until) {
      await verify(stored, PASSWORD);
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, worker));
  return { verifyMs: percentile(times, 50), parallelPerSec: done / ((performance.now() - t0) / 1000) };
}

async function startServer(databaseUrl: string | undefined): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/servers/auth-target.ts', databaseUrl ?? ''],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server not ready within 120 s')), 120_000);
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve(z.object({ port: z.number() }).parse(JSON.parse(line)).port);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function registerUsers(base: string): Promise<string[]> {
  const names = Array.from({ length: USERS }, (_, i) => `bench_${process.pid}_${i}`);
  for (const username of names) {
    const res = await postJson(`${base}/api/v1/auth/register`, {
      email: `${username}@example.test`,
      username,
      password: PASSWORD,
      displayName: username,
      refreshIn: 'body',
    });
    if (res.status !== 201) throw new Error(`register ${res.status}: ${await res.text()}`);
  }
  return names;
}

async function measureLogins(base: string, names: string[]) {
  let next = 0;
  const result = await autocannon({
    url: `${base}/api/v1/auth/login`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            login: names[next++ % names.length],
            password: PASSWORD,
            refreshIn: 'body',
          }),
        }),
      },
    ],
  });
  return {
    perSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Each client holds its own token chain and rotates it as fast as it can: every call is a real rotation. */
async function measureRefreshes(base: string, names: string[]) {
  const tokens: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const res = await postJson(`${base}/api/v1/auth/login`, {
      login: names[i % names.length],
      password: PASSWORD,
      refreshIn: 'body',
    });
    tokens.push(authResult.parse(await res.json()).data.refreshToken);
  }
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + DURATION_S * 1000;
  const t0 = performance.now();
  await Promise.all(
    tokens.map(async (first) => {
      let token = first;
      while (performance.now() < until) {
        const start = performance.now();
        const res = await postJson(`${base}/api/v1/auth/refresh`, { refreshToken: token });
        if (res.status !== 200) {
          failures++;
          await res.arrayBuffer();
          return;
        }
        token = authResult.parse(await res.json()).data.refreshToken;
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSec: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    total: latencies.length,
    failures,
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface DbResult {
  label: string;
  logins: Awaited<ReturnType<typeof measureLogins>>;
  refreshes: Awaited<ReturnType<typeof measureRefreshes>>;
}

const say = (msg: string) => process.stderr.write(`bench:auth: ${msg}\n`);

async function measureOn(label: string, databaseUrl: string | undefined): Promise<DbResult> {
  say(`${label}: starting the server`);
  const server = await startServer(databaseUrl);
  try {
    say(`${label}: registering ${USERS} users`);
    const names = await registerUsers(server.base);
    say(`${label}: logins for ${DURATION_S} s`);
    const logins = await measureLogins(server.base, names);
    say(`${label}: refreshes for ${DURATION_S} s`);
    const refreshes = await measureRefreshes(server.base, names);
    return { label, logins, refreshes };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
}

const loadAverage = os.loadavg();
say('argon2id in process');
const argon = await measureArgon2();
const results: DbResult[] = [await measureOn('embedded PGlite', undefined)];
if (!values['skip-postgres']) {
  const scratch: ScratchDatabase = await createScratchDatabase(
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  );
  try {
    results.push(await measureOn(`PostgreSQL ${scratch.serverVersion}`, scratch.url));
  } finally {
    await scratch.drop();
  }
}

const rows = results.flatMap((r) => [
  `| \`POST /api/v1/auth/login\`, ${r.label} | ${fmt(r.logins.perSec, 1)} | ${fmt(r.logins.p50)} | ${fmt(r.logins.p99)} | ${fmt(r.logins.total)} | ${fmt(r.logins.non2xx + r.logins.errors)} |`,
  `| \`POST /api/v1/auth/refresh\` (rotation), ${r.label} | ${fmt(r.refreshes.perSec, 1)} | ${fmt(r.refreshes.p50, 1)} | ${fmt(r.refreshes.p99, 1)} | ${fmt(r.refreshes.total)} | ${fmt(r.refreshes.failures)} |`,
]);
const args = process.argv.slice(2);
const section = `${START}

## Auth: logins and token refreshes (\`npm run bench:auth\`)

The real app in its own process (production config, rate limits scaled out of the way, logs to /dev/null),
driven from this process over 127.0.0.1, first on the embedded database, then on a scratch PostgreSQL database
that is dropped afterwards. Logins: autocannon, ${CONNECTIONS} connections, ${DURATION_S} s, rotating over ${USERS} registered
users. Refreshes: ${CONNECTIONS} clients each rotating its own refresh token in a loop (every call retires a token and
issues a new one), ${DURATION_S} s. argon2id: ${ARGON2_OPTIONS.memoryCost} KiB, t=${ARGON2_OPTIONS.timeCost}, p=${ARGON2_OPTIONS.parallelism}; Node's default thread pool of 4.

- Command: \`npm run bench:auth${args.length ? ` -- ${args.join(' ')}` : ''}\`
- Date: ${new Date().toISOString()}
- Machine: ${machineLine()}; load average at start ${loadAverage.map((l) => l.toFixed(2)).join(', ')}

| measure | per second | p50 ms | p99 ms | count | failures |
| --- | ---: | ---: | ---: | ---: | ---: |
| argon2id verify, in process, 1 at a time | ${fmt(1000 / argon.verifyMs, 1)} | ${fmt(argon.verifyMs, 1)} | | 15 | 0 |
| argon2id verify, in process, 8 concurrent | ${fmt(argon.parallelPerSec, 1)} | | | | 0 |
${rows.join('\n')}

Logins are bound by argon2id by design: each costs one verification (~${fmt(argon.verifyMs)} ms of one core), which is also
what an attacker pays per guess on top of the rate limits. Refreshes touch no password hash; they cost a locked
read, two writes and a JWT signature.

${END}`;
process.stdout.write(`${section}\n`);
if (!values['no-write']) await writeSection(FILE.pathname, section, { start: START, end: END });
