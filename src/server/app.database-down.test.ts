import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../contract/chat.ts';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { bearer, registerUser, registerUsers, type RegisteredUser } from '../../test/helpers/auth.ts';
import { insertFollow } from '../../test/helpers/social.ts';
import { createSockets, listen } from '../../test/helpers/sockets.ts';
import { createPool, pgliteExtensions, wrapPglite, wrapPool, type DatabaseHandle } from './db/client.ts';
import type { ErrorEnvelope } from '../contract/envelope.ts';

function expectUnavailable(res: LightMyRequestResponse): void {
  expect(res.statusCode).toBe(503);
  expect(res.json<ErrorEnvelope>().error.code).toBe('UNAVAILABLE');
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
}

describe('with the embedded database closed under the app (PGlite cannot be reopened in-process, so no recovery)', () => {
  let t: TestApp;
  let client: PGlite;
  let ana: RegisteredUser;
  let bruno: RegisteredUser;
  let conversation: Conversation;
  let url = '';
  const sockets = createSockets();

  beforeAll(async () => {
    // A PGlite of its own even when TEST_DATABASE_URL points the other tests at PostgreSQL.
    client = await PGlite.create({ extensions: pgliteExtensions });
    const handle = wrapPglite(client);
    await handle.migrate();
    // Closed by the test; closing it twice would throw.
    const database: DatabaseHandle = {
      ...handle,
      close: () => (client.closed ? Promise.resolve() : handle.close()),
    };
    t = await createTestApp({ database });
    url = await listen(t);
    [ana, bruno] = await registerUsers(t.app, 2);
    // Bruno accepts messages from people he follows (the default setting).
    await insertFollow(t.database.db, bruno.user.id, ana.user.id);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: bearer(ana.accessToken),
      payload: { kind: 'direct', memberIds: [bruno.user.id] },
    });
    if (res.statusCode !== 201) throw new Error(`create conversation: ${res.statusCode} ${res.body}`);
    conversation = res.json<{ data: Conversation }>().data;
  });
  afterAll(async () => {
    sockets.closeAll();
    await t.close();
  });

  it('answers 200 while the database is open', async () => {
    const res = await t.app.inject({ url: '/api/v1/me', headers: bearer(ana.accessToken) });
    expect(res.statusCode).toBe(200);
  });

  describe('once it is closed', () => {
    beforeAll(() => client.close());

    it('answers 503 UNAVAILABLE with Retry-After on routes that read or write, never 500', async () => {
      const headers = bearer(ana.accessToken);
      expectUnavailable(await t.app.inject({ url: '/api/v1/me', headers }));
      expectUnavailable(
        await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { city: 'Rosario' } }),
      );
      expectUnavailable(await t.app.inject({ url: '/readyz' }));
    });

    it('answers a socket event that needs the database with UNAVAILABLE in the ack', async () => {
      const socket = await sockets.open(url, ana.accessToken);
      const ack = await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientMessageId: randomUUID(),
        body: 'hola',
      });
      expect(ack).toEqual({
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'The service is temporarily unavailable.' },
      });
    });
  });
});

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** PostgreSQL refuses to run as root: its tools run as the postgres OS user. */
function asPostgres(tool: string, args: string[]) {
  return run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, tool), ...args]);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Never the shared server: a throw-away cluster of this file's own is stopped and started.
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'on a private PostgreSQL cluster stopped and started under the running app',
  () => {
    let dir = '';
    let port = 0;
    let t: TestApp | undefined;
    const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', path.join(dir, 'data'), '-w', ...args]);
    const start = () =>
      pgCtl(
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        '-l',
        path.join(dir, 'postgres.log'),
        'start',
      );

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'abrazo-pg-'));
      await run('chown', ['postgres:postgres', dir]);
      await asPostgres('initdb', [
        '-D',
        path.join(dir, 'data'),
        '-A',
        'trust',
        '-U',
        'postgres',
        '--no-sync',
      ]);
      port = await freePort();
      await start();
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      const migrator = wrapPool(createPool(url, 1));
      await migrator.migrate();
      await migrator.close();
      t = await createTestApp({ database: wrapPool(createPool(url, 5)) });
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      if (dir) {
        await pgCtl('stop', '-m', 'immediate').catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('answers 503 UNAVAILABLE with Retry-After while it is down, and 200 again once it is back, without rebuilding the app', async () => {
      const app = t?.app;
      if (!app) throw new Error('the app was not built');
      const ana = await registerUser(app);
      const headers = bearer(ana.accessToken);
      const me = () => app.inject({ url: '/api/v1/me', headers });
      const moveTo = (city: string) =>
        app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { city } });
      expect((await me()).statusCode).toBe(200);

      await pgCtl('stop', '-m', 'immediate');
      // Twice: the pool's connections died with the server, then new connects are refused.
      expectUnavailable(await me());
      expectUnavailable(await me());
      expectUnavailable(await moveTo('Rosario'));
      expectUnavailable(await app.inject({ url: '/readyz' }));

      await start();
      const back = await me();
      expect(back.statusCode).toBe(200);
      expect((await moveTo('Córdoba')).statusCode).toBe(200);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    });
  },
);
