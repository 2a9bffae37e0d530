import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';

// main.ts gives up on a graceful shutdown after 10 s; closing must finish well before that.
const PROMPT_CLOSE_MS = 5_000;

/** Resolves with the error code of a TCP connect, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** GET over a fresh connection (agent false: `Connection: close`) or through a keep-alive agent. */
function request(
  port: number,
  path: string,
  agent: Agent | false,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('closing the app', () => {
  let t: TestApp;
  let port: number;
  let keepAlive: Agent;
  let handlerStarted: Promise<void>;
  let markStarted: () => void;

  function addSlowRoute(app: FastifyInstance) {
    app.get('/test/wait', async () => {
      markStarted();
      await sleep(300);
      return { finished: true };
    });
  }

  beforeEach(async () => {
    handlerStarted = new Promise((resolve) => {
      markStarted = resolve;
    });
    keepAlive = new Agent({ keepAlive: true });
    t = await createTestApp({ extend: addSlowRoute });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
    port = address.port;
  });
  afterEach(async () => {
    keepAlive.destroy();
    // A failed test may leave a connection open that would hold close() for a long time.
    t.app.server.closeAllConnections();
    await t.app.close();
    await t.database.close();
  });

  it('lets an in-flight request finish, turns newcomers away, then refuses connections', async () => {
    const inFlight = request(port, '/test/wait', false);
    await handlerStarted;
    const closed = t.app.close();

    const late = await request(port, '/healthz', false).then(
      (r) => r.status,
      () => 'no connection',
    );
    expect([503, 'no connection']).toContain(late);

    expect(await inFlight).toEqual({ status: 200, body: JSON.stringify({ finished: true }) });
    await closed;
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  });

  it('finishes closing promptly when the in-flight request came over a keep-alive connection', async () => {
    const inFlight = request(port, '/test/wait', keepAlive);
    await handlerStarted;
    const closed = t.app.close().then(() => 'closed');

    expect((await inFlight).status).toBe(200);
    const outcome = await Promise.race([closed, sleep(PROMPT_CLOSE_MS).then(() => 'still closing')]);
    expect(outcome).toBe('closed');
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  });
});
