import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import {
  allQueries,
  openDatabase,
  pgliteExtensions,
  preparedQuery,
  wrapPglite,
  type DatabaseHandle,
} from './client.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const valueOf = async (ex: Parameters<typeof allQueries>[0], n: number, log: string[]) => {
  log.push(`start ${n}`);
  const result = await ex.execute<{ n: number }>(sql`select ${n}::int as n`);
  log.push(`end ${n}`);
  return (result as { rows: { n: number }[] }).rows[0]?.n;
};

describe('allQueries', () => {
  it('runs the queries at once on the root handle and answers in order', async () => {
    const log: string[] = [];
    const [a, b] = await allQueries(database.db, [
      () => valueOf(database.db, 1, log),
      () => valueOf(database.db, 2, log),
    ]);
    expect([a, b]).toEqual([1, 2]);
    expect(log.slice(0, 2)).toEqual(['start 1', 'start 2']);
  });

  it('runs them one after the other inside a transaction', async () => {
    const log: string[] = [];
    const results = await database.db.transaction((tx) =>
      allQueries(tx, [() => valueOf(tx, 1, log), () => valueOf(tx, 2, log), () => valueOf(tx, 3, log)]),
    );
    expect(results).toEqual([1, 2, 3]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });
});

describe('preparedQuery', () => {
  it('builds a query once per handle and once per transaction, and runs it with fresh values', async () => {
    let builds = 0;
    const echo = preparedQuery('test_prepared_echo', (db) => {
      builds += 1;
      return db.select({ n: sql<number>`${sql.placeholder('n')}::int` }).from(sql`(select 1) as one`);
    });
    expect(await echo(database.db).execute({ n: 1 })).toEqual([{ n: 1 }]);
    expect(await echo(database.db).execute({ n: 2 })).toEqual([{ n: 2 }]);
    expect(builds).toBe(1);
    const inside = await database.db.transaction(async (tx) => [
      await echo(tx).execute({ n: 3 }),
      await echo(tx).execute({ n: 4 }),
    ]);
    expect(inside).toEqual([[{ n: 3 }], [{ n: 4 }]]);
    expect(builds).toBe(2);
  });

  it('refuses a second query under a name already in use', () => {
    const build = (db: DatabaseHandle['db']) =>
      db.select({ one: sql<number>`1` }).from(sql`(select 1) as one`);
    preparedQuery('test_prepared_once', build);
    expect(() => preparedQuery('test_prepared_once', build)).toThrow(/already in use/);
  });
});

describe('a brand-new embedded database', () => {
  it('binds array parameters of types the migrations created, without a restart', async () => {
    const fresh = wrapPglite(await PGlite.create({ extensions: pgliteExtensions }));
    try {
      await fresh.migrate();
      const names = ['Ana', 'beto'];
      const rows = await fresh.rows<{ n: string }>(
        sql`select cardinality(${sql.param(names)}::citext[])::text as n, ${sql.param(['x'])}::text[] = array['x'] as t`,
      );
      expect(rows).toEqual([{ n: '2', t: true }]);
    } finally {
      await fresh.close();
    }
  });
});

describe('an embedded database in a data dir', () => {
  it('opens with its shared_buffers, by default and as asked', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abrazo-client-'));
    const setting = async (sharedBuffersMb?: number) => {
      const handle = await openDatabase({ databaseUrl: undefined, dataDir, sharedBuffersMb });
      try {
        const [row] = await handle.rows<{ s: string }>(sql`select current_setting('shared_buffers') as s`);
        return row?.s;
      } finally {
        await handle.close();
      }
    };
    try {
      expect(await setting()).toBe('32MB');
      expect(await setting(24)).toBe('24MB');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
