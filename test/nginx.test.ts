import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../src/contract/chat.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { acceptMessagesFromEveryone } from './factories/users.ts';
import { bearer, registerUser } from './helpers/auth.ts';
import { createTestDatabase } from './helpers/db.ts';
import { createSockets, listen, within } from './helpers/sockets.ts';

// deploy/nginx/abrazo.conf, as shipped, in front of two app instances on one database and Redis:
// only the upstream ports, the listen address and the certificate are swapped for test ones.

function which(binary: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const nginx = which('nginx') ?? (which('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined);
const redisUrl = process.env.TEST_REDIS_URL;
const ready = nginx !== undefined && redisUrl !== undefined && which('openssl') !== undefined;

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** GET over TLS through nginx, accepting the test's self-signed certificate. */
function get(port: number, urlPath: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: urlPath, rejectUnauthorized: false, servername: 'localhost' },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function startNginx(ports: number[]): Promise<{ port: number; child: ChildProcess }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'abrazo-nginx-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      path.join(dir, 'abrazo.key'),
      '-out',
      path.join(dir, 'abrazo.crt'),
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const shipped = readFileSync(new URL('../deploy/nginx/abrazo.conf', import.meta.url), 'utf8');
  const swaps: [RegExp, string][] = [
    [
      /server 127\.0\.0\.1:3001;\n\s*server 127\.0\.0\.1:3002;/,
      ports.map((p) => `server 127.0.0.1:${p};`).join('\n    '),
    ],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${port} ssl http2;`],
    [/\/etc\/ssl\/abrazo\./g, `${dir}/abrazo.`],
  ];
  let conf = shipped;
  for (const [pattern, replacement] of swaps) {
    expect(conf, `deploy/nginx/abrazo.conf no longer has ${String(pattern)}`).toMatch(pattern);
    conf = conf.replace(pattern, replacement);
  }
  writeFileSync(path.join(dir, 'abrazo.conf'), conf);
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
user ${os.userInfo().username};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/abrazo.conf;
}
`,
  );
  const child = spawn(
    nginx ?? 'nginx',
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  );
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      await get(port, '/healthz');
      return { port, child };
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`nginx did not answer: ${stderr}`);
}

describe.skipIf(!ready)(
  'deploy/nginx/abrazo.conf (needs nginx, openssl and TEST_REDIS_URL; .ci/run installs nginx)',
  () => {
    it('serves HTTP and carries WebSocket chat between two instances behind it', async () => {
      const database = await createTestDatabase();
      cleanups.push(() => database.close());
      const redisPrefix = `abrazo-nginx-${randomBytes(4).toString('hex')}`;
      const apps: TestApp[] = [];
      for (let i = 0; i < 2; i++) {
        const t = await createTestApp({ database, redisPrefix });
        // The apps share one database, closed once (above).
        cleanups.push(() => t.app.close());
        apps.push(t);
      }
      const ports = (await Promise.all(apps.map(listen))).map((url) => Number(new URL(url).port));
      const { port } = await startNginx(ports);

      const health = await get(port, '/healthz');
      expect(health.status).toBe(200);
      expect(health.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);

      const [a] = apps;
      if (!a) throw new Error('no app');
      const [ana, bruno] = [await registerUser(a.app), await registerUser(a.app)];
      await acceptMessagesFromEveryone(a.database.db, [bruno.user.id]);
      const created = await a.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: bearer(ana.accessToken),
        payload: { kind: 'direct', memberIds: [bruno.user.id] },
      });
      const conversation = created.json<{ data: Conversation }>().data;

      // least_conn spreads the two sockets over the two instances.
      const clients = createSockets();
      cleanups.push(() => clients.closeAll());
      const open = (token: string) =>
        clients.open(`https://127.0.0.1:${port}`, token, { rejectUnauthorized: false });
      const anaSocket = await open(ana.accessToken);
      const brunoSocket = await open(bruno.accessToken);
      const arrived = new Promise<Message>((resolve) => brunoSocket.once('message:new', resolve));
      const sent = await anaSocket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientMessageId: randomUUID(),
        body: 'A través de nginx',
      });
      if (!sent.ok) throw new Error(sent.error.message);
      expect((await within(5_000, arrived, 'message:new through nginx')).body).toBe('A través de nginx');
      const sockets = await Promise.all(apps.map((t) => t.app.io.local.fetchSockets()));
      expect(sockets.map((s) => s.length)).toEqual([1, 1]);
    });
  },
);
