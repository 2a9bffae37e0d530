import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { eq, sql, type SQL } from 'drizzle-orm';
import { bigint, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectionFailure, pgErrorCode, uniqueViolation } from '../lib/pg-errors.ts';
import { openDatabase, queryRows, wrapPglite, type DatabaseHandle } from './client.ts';
import { PgliteWorkerClient, spawnPgliteWorker, WORKER_STOPPED } from './pglite-client.ts';

// The embedded database of a data dir runs in a worker thread (pglite-worker.ts); the other tests use
// an in-memory PGlite on their own thread. These check that both answer alike.

const probes = pgTable('worker_probe', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique('worker_probe_name_key'),
  at: timestamp({ withTimezone: true }).notNull(),
  day: date().notNull(),
  tags: text().array().notNull(),
  data: jsonb().$type<{ a: number; b: string[] }>().notNull(),
  big: bigint({ mode: 'bigint' }).notNull(),
  n: integer(),
});

const createProbes = sql`create table worker_probe (
  id uuid primary key default gen_random_uuid(), name text not null constraint worker_probe_name_key unique,
  at timestamptz not null, day date not null, tags text[] not null, data jsonb not null, big int8 not null, n int)`;

const probe = (name: string) => ({
  name,
  at: new Date('2026-03-01T20:30:00.123Z'),
  day: '2026-03-01',
  tags: ['tango', 'vals, "milonga"'],
  data: { a: 1, b: ['x', 'ü'] },
  big: 9_007_199_254_740_993n,
  n: null,
});

const rawSelect = sql`select '\\x00ff10'::bytea as bytes, 9007199254740993::int8 as big, 42::int4 as i,
  '2026-03-01 20:30:00+00'::timestamptz as at, '2026-03-01'::date as day, '1 day'::interval as span,
  '{"k":[1,null]}'::jsonb as j, array[1,2]::int[] as ints, array['a','b c']::text[] as texts,
  '{2026-03-01}'::date[] as days, 1.50::numeric as num, true as yes, null::text as nothing,
  'f47ac10b-58cc-4372-a567-0e02b2c3d479'::uuid as id`;

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'abrazo-worker-'));

/** The error a promise rejects with (and fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

let dataDir: string;
let database: DatabaseHandle;
let memory: DatabaseHandle;

beforeAll(async () => {
  dataDir = tempDir();
  database = await openDatabase({ databaseUrl: undefined, dataDir });
  await database.migrate();
  await database.rows(createProbes);
  memory = wrapPglite(await PGlite.create());
  await memory.rows(createProbes);
});

afterAll(async () => {
  await database.close();
  await memory.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded database in its worker', () => {
  it('runs the migrations: the schema is there', async () => {
    const rows = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from information_schema.tables where table_name in ('users', 'memories')`,
    );
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('returns rows typed as the in-process PGlite does, through drizzle and raw', async () => {
    for (const handle of [database, memory]) {
      await handle.db.insert(probes).values([probe('typed-a'), probe('typed-b')]);
    }
    const read = (handle: DatabaseHandle) =>
      handle.db
        .select({
          name: probes.name,
          at: probes.at,
          day: probes.day,
          tags: probes.tags,
          data: probes.data,
          big: probes.big,
          n: probes.n,
        })
        .from(probes)
        .where(sql`${probes.name} like 'typed-%'`)
        .orderBy(probes.name);
    const inWorker = await read(database);
    expect(inWorker).toEqual(await read(memory));
    expect(inWorker[0]).toEqual(probe('typed-a'));
    expect(inWorker[0]?.at).toBeInstanceOf(Date);

    const [raw] = await database.rows<Record<string, unknown>>(rawSelect);
    expect(raw).toEqual((await memory.rows(rawSelect))[0]);
    expect(raw?.bytes).toBeInstanceOf(Uint8Array);
    expect(raw?.at).toBeInstanceOf(Date);
    expect(raw?.j).toEqual({ k: [1, null] });
    // patches/@electric-sql+pglite+0.5.16.patch reaches the worker's PGlite too.
    expect(await database.rows(sql`select ${'\uFEFFbom'}::text as t`)).toEqual([{ t: '\uFEFFbom' }]);

    const [uuidRow] = await database.db
      .select({ id: probes.id })
      .from(probes)
      .where(eq(probes.name, 'typed-a'));
    expect(uuidRow?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('answers db.execute like the in-process PGlite (raw dates and timestamps as text)', async () => {
    const query: SQL = sql`select now()::timestamp as ts, current_date as d, array[now()]::timestamptz[] as tss, 1 as one`;
    const shape = async (handle: DatabaseHandle) => {
      const [row] = await queryRows(handle.db, query);
      return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, typeof v]));
    };
    expect(await shape(database)).toEqual(await shape(memory));
    expect(await shape(database)).toEqual({ ts: 'string', d: 'string', tss: 'string', one: 'number' });
  });

  it('commits a transaction, and rolls back one that throws or is rolled back', async () => {
    await database.db.transaction(async (tx) => {
      await tx.insert(probes).values(probe('tx-committed'));
      await tx.update(probes).set({ n: 1 }).where(eq(probes.name, 'tx-committed'));
    });

    const boom = new Error('boom');
    const thrown = await rejection(
      database.db.transaction(async (tx) => {
        await tx.insert(probes).values(probe('tx-thrown'));
        throw boom;
      }),
    );
    expect(thrown).toBe(boom);

    await rejection(
      database.db.transaction(async (tx) => {
        await tx.insert(probes).values(probe('tx-rolled-back'));
        tx.rollback();
      }),
    );

    // A savepoint rolled back inside a transaction that commits.
    await database.db.transaction(async (tx) => {
      await tx.insert(probes).values(probe('tx-outer'));
      await rejection(
        tx.transaction(async (inner) => {
          await inner.insert(probes).values(probe('tx-inner'));
          throw new Error('inner');
        }),
      );
    });

    const names = await database.db
      .select({ name: probes.name, n: probes.n })
      .from(probes)
      .where(sql`${probes.name} like 'tx-%'`)
      .orderBy(probes.name);
    expect(names).toEqual([
      { name: 'tx-committed', n: 1 },
      { name: 'tx-outer', n: null },
    ]);
  });

  it('holds other statements back while a transaction is open, as PGlite does', async () => {
    const order: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = database.db.transaction(async (t) => {
      await t.insert(probes).values(probe('tx-held'));
      order.push('inserted');
      await held;
      order.push('committing');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outside = database.rows<{ n: number }>(
      sql`select count(*)::int as n from worker_probe where name = 'tx-held'`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await tx;
    expect(await outside).toEqual([{ n: 1 }]);
    expect(order).toEqual(['inserted', 'committing']);
  });

  it('reports a unique violation with the fields pg-errors.ts reads, as in process', async () => {
    const duplicate = async (handle: DatabaseHandle) => {
      await handle.db.insert(probes).values(probe('unique-once')).onConflictDoNothing();
      return rejection(handle.db.insert(probes).values(probe('unique-once')));
    };
    const inWorker = await duplicate(database);
    const inProcess = await duplicate(memory);
    expect(uniqueViolation(inWorker)).toBe('worker_probe_name_key');
    expect(uniqueViolation(inWorker)).toBe(uniqueViolation(inProcess));
    expect(pgErrorCode(inWorker)).toBe('23505');
    expect(isConnectionFailure(inWorker)).toBe(false);
    const cause = (inWorker as { cause?: Record<string, unknown> }).cause;
    const expected = (inProcess as { cause?: Record<string, unknown> }).cause;
    for (const field of ['name', 'message', 'code', 'constraint', 'detail', 'table', 'schema', 'severity']) {
      expect(cause?.[field], field).toBe(expected?.[field]);
    }
    expect(cause).toBeInstanceOf(Error);
  });

  it('rejects a statement PostgreSQL refuses, and carries on', async () => {
    const err = await rejection(database.rows(sql`select * from no_such_table`));
    expect(pgErrorCode(err)).toBe('42P01');
    expect(await database.rows(sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it('keeps the main event loop turning while a slow statement runs', async () => {
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const started = performance.now();
    try {
      await database.rows(sql`select pg_sleep(0.6)`);
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(550);
    expect(ticks).toBeGreaterThan(took / 10 / 3);
    expect(longestGap).toBeLessThan(200);
  });
});

describe('an embedded data dir closed and opened again', () => {
  it('keeps its data, and refuses statements once closed', async () => {
    const dir = tempDir();
    try {
      const first = await openDatabase({ databaseUrl: undefined, dataDir: dir });
      await first.migrate();
      await first.rows(createProbes);
      await first.db.insert(probes).values(probe('persisted'));
      await first.close();
      const closed = await rejection(first.rows(sql`select 1`));
      expect((closed as Error).message).toBe('PGlite is closed');
      expect(isConnectionFailure(closed)).toBe(true);

      const second = await openDatabase({ databaseUrl: undefined, dataDir: dir });
      try {
        await second.migrate();
        const rows = await second.db.select({ name: probes.name, at: probes.at }).from(probes);
        expect(rows).toEqual([{ name: 'persisted', at: probe('persisted').at }]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every acknowledged insert of a process killed with SIGKILL', async () => {
    const dir = tempDir();
    try {
      const script = fileURLToPath(new URL('./pglite-kill.testing.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      let acked = 0;
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const lines = out.split('\n').slice(0, -1);
          acked = Number(lines.at(-1) ?? 0) || 0;
          // Killed in the middle of the stream, with inserts in flight.
          if (acked >= 300) resolve();
        });
        child.on('exit', () => reject(new Error(`the child ended before it was killed:\n${err}`)));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const lines = out.split('\n').filter((line) => /^\d+$/.test(line));
      const lastAcked = Number(lines.at(-1));
      expect(lastAcked).toBeGreaterThanOrEqual(300);

      const reopened = await openDatabase({ databaseUrl: undefined, dataDir: dir });
      try {
        const [row] = await reopened.rows<{ n: number; max: number }>(
          sql`select count(*)::int as n, max(n)::int as max from acked where n <= ${lastAcked}`,
        );
        expect(row).toEqual({ n: lastAcked, max: lastAcked });
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('a worker that dies', () => {
  it('fails the statements in flight and every later one, as a connection failure', async () => {
    const dir = tempDir();
    let worker: Worker | undefined;
    const client = await PgliteWorkerClient.open(dir, [], (data) => (worker = spawnPgliteWorker(data)));
    try {
      const handle = wrapPglite(client);
      expect(await handle.rows(sql`select 1 as one`)).toEqual([{ one: 1 }]);
      const inFlight = rejection(handle.rows(sql`select pg_sleep(5)`));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await worker?.terminate();
      const err = await inFlight;
      expect((err as Error).message).toMatch(new RegExp(`^${WORKER_STOPPED}`));
      expect(isConnectionFailure(err)).toBe(true);
      const later = await rejection(handle.db.execute(sql`select 1`));
      expect(isConnectionFailure(later)).toBe(true);
      expect(client.closed).toBe(true);
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
