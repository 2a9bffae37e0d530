import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock, useTestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { systemClock } from '../lib/clock.ts';
import { idempotencyHeaders } from '../modules/idempotency/idempotency.schema.ts';
import { createIdempotencyService } from '../modules/idempotency/idempotency.service.ts';
import { idempotencyPlugin } from './idempotency.ts';
import type { ErrorEnvelope } from '../../contract/envelope.ts';

// The mechanism itself, on a test route whose handler the test holds open or makes fail.

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

interface Run {
  /** Resolved when the handler starts. */
  started: ReturnType<typeof deferred>;
  /** The handler waits for this before answering. */
  finish: ReturnType<typeof deferred>;
  fail?: boolean;
}

const clock = createManualClock();
// Handler runs the test has planned: each request takes the next one; unplanned requests answer at once.
const planned: Run[] = [];
let runs = 0;

function addTestRoute(app: FastifyInstance) {
  app.post(
    '/test/idempotent',
    {
      schema: { headers: idempotencyHeaders, body: z.object({ n: z.number() }) },
      config: { auth: 'required', idempotent: true },
    },
    async (_req, reply) => {
      runs += 1;
      const run = planned.shift();
      if (run) {
        run.started.resolve();
        await run.finish.promise;
        if (run.fail) throw new Error('the handler broke');
      }
      return reply.code(201).send({ data: { id: randomUUID() } });
    },
  );
}

const t = useTestApp({ clock, extend: addTestRoute, captureLogs: 'info' });
let ana: RegisteredUser;
beforeAll(async () => {
  ana = await registerUser(t.app);
});

function plan(opts: { fail?: boolean } = {}): Run {
  const run = { started: deferred(), finish: deferred(), ...opts };
  planned.push(run);
  return run;
}

function post(key: string, n = 1) {
  return t.app.inject({
    method: 'POST',
    url: '/test/idempotent',
    headers: { ...bearer(ana.accessToken), 'idempotency-key': key },
    payload: { n },
  });
}

describe('idempotency plugin', () => {
  it('answers 409 CONFLICT while the first request with the key runs, then replays its answer', async () => {
    const key = randomUUID();
    const before = runs;
    const run = plan();
    const first = post(key);
    await run.started.promise;

    const meanwhile = await post(key);
    expect(meanwhile.statusCode).toBe(409);
    expect(meanwhile.json<ErrorEnvelope>().error.code).toBe('CONFLICT');
    expect(meanwhile.headers['retry-after']).toBe('1');

    run.finish.resolve();
    const answered = await first;
    expect(answered.statusCode).toBe(201);
    const retry = await post(key);
    expect([retry.statusCode, retry.body]).toEqual([201, answered.body]);
    expect(runs - before).toBe(1);
  });

  it('releases the key after a server error, so the retry runs again', async () => {
    const key = randomUUID();
    const before = runs;
    const run = plan({ fail: true });
    run.finish.resolve();
    expect((await post(key)).statusCode).toBe(500);

    const retry = await post(key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const again = await post(key);
    expect([again.body, again.headers['idempotent-replayed']]).toEqual([retry.body, 'true']);
    expect(runs - before).toBe(2);
  });

  it('lets a retry take over a key whose request has not answered for over a minute', async () => {
    const key = randomUUID();
    const stuck = plan();
    const first = post(key);
    await stuck.started.promise;

    clock.advance(30_000);
    expect((await post(key)).statusCode).toBe(409);
    clock.advance(31_000);
    const takeover = await post(key);
    expect(takeover.statusCode).toBe(201);

    // The stuck request still answers its own client, but the key keeps the answer of the retry.
    stuck.finish.resolve();
    expect((await first).statusCode).toBe(201);
    expect(t.logs.some((l) => l.msg === 'idempotency key was taken over before its request finished')).toBe(
      true,
    );
    const retry = await post(key);
    expect([retry.body, retry.headers['idempotent-replayed']]).toEqual([takeover.body, 'true']);
  });

  it('refuses a different body under a key that is still running (409 IDEMPOTENCY_MISMATCH)', async () => {
    const key = randomUUID();
    const run = plan();
    const first = post(key, 1);
    await run.started.promise;
    const other = await post(key, 2);
    expect(other.json<ErrorEnvelope>().error.code).toBe('IDEMPOTENCY_MISMATCH');
    run.finish.resolve();
    expect((await first).statusCode).toBe(201);
  });

  it('refuses to hook a route that does not declare the header or does not require a user', async () => {
    const app = Fastify();
    await app.register(idempotencyPlugin, {
      idempotency: createIdempotencyService({ db: t.database.db, clock: systemClock }),
    });
    const handler = () => ({ ok: true });
    expect(() => app.post('/no-header', { config: { auth: 'required', idempotent: true } }, handler)).toThrow(
      /Idempotency-Key/,
    );
    expect(() =>
      app.post(
        '/no-user',
        { schema: { headers: idempotencyHeaders }, config: { idempotent: true } },
        handler,
      ),
    ).toThrow(/config\.auth/);
    await app.close();
  });
});
