import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { EMBEDDED_SHARED_BUFFERS_MB } from './embedded-settings.ts';
import { PgliteWorkerClient, type PgliteClient } from './pglite-client.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What a repo function takes first: the database or an open transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'embedded' | 'postgres';
  migrate(): Promise<void>;
  /** Raw SQL for scripts, tests and EXPLAIN; application code goes through repos. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export { pgliteExtensions } from './pglite-extensions.ts';
export type { PgliteClient } from './pglite-client.ts';

const dialect = new PgDialect({ casing: 'snake_case' });

// Arbitrary constant: the key of the advisory lock that serialises migrations across instances.
const MIGRATION_LOCK_KEY = 4_205_118_791;

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** The embedded database's shared_buffers, in MiB (default EMBEDDED_SHARED_BUFFERS_MB). */
  sharedBuffersMb?: number;
}

/**
 * DATABASE_URL set → a node-postgres pool; unset → PGlite persisted under the data dir, which this
 * process then holds alone (DataDirLockedError if another process does) until close(). PGlite runs in
 * a worker thread (pglite-worker.ts), so a slow statement does not stall requests and sockets.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return wrapPool(createPool(opts.databaseUrl, opts.poolSize ?? 10));
  mkdirSync(opts.dataDir, { recursive: true });
  const lock = acquireDataDirLock(opts.dataDir);
  try {
    const dir = path.join(opts.dataDir, 'db');
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await createEmbeddedDir(dir);
    const sharedBuffers = `shared_buffers=${opts.sharedBuffersMb ?? EMBEDDED_SHARED_BUFFERS_MB}MB`;
    const client = await PgliteWorkerClient.open(dir, ['-c', sharedBuffers]);
    const handle = wrapPglite(client);
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * Creates a new embedded cluster and migrates it in a child process: done in this process, the memory
 * of initdb and of the migrations would stay with it for its whole life (figures in docs/ARCHITECTURE.md,
 * beside the embedded database). migrate() then finds nothing to apply.
 */
async function createEmbeddedDir(dir: string): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const entry = path.join(path.dirname(self), `pglite-init${path.extname(self)}`);
  // Under tsx (the tests, npm run dev) the child needs it too; the build (npm start) runs as plain JavaScript.
  const args = [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry, dir, migrationsFolder];
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, stderr: err }));
  });
  if (code !== 0) throw new Error(`could not create the embedded database in ${dir}:\n${stderr}`);
}

export function createPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'abrazo' });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

export function wrapPglite(client: PgliteClient): DatabaseHandle {
  // drizzle-orm/pglite is typed for the PGlite class but calls no more of it than PgliteClient holds.
  const db = drizzlePglite(client as PGlite, { schema, casing: 'snake_case' });
  return {
    db,
    kind: 'embedded',
    migrate: async () => {
      await migratePglite(db, { migrationsFolder });
      // PGlite learns array types (citext[] …) when it opens; types the migrations just created would
      // otherwise be bound as plain text until the next start ("malformed array literal").
      await client.refreshArrayTypes();
    },
    rows: async <T extends Record<string, unknown>>(query: SQL) => {
      const q = dialect.sqlToQuery(query);
      return (await client.query<T>(q.sql, q.params)).rows;
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

export function wrapPool(pool: pg.Pool): DatabaseHandle {
  const db = drizzlePg(pool, { schema, casing: 'snake_case' });
  return {
    db,
    kind: 'postgres',
    migrate: async () => {
      // One connection holds the lock for the whole run so that instances starting together
      // apply each migration exactly once.
      const conn = await pool.connect();
      try {
        await conn.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migratePg(drizzlePg(conn, { schema, casing: 'snake_case' }), { migrationsFolder });
        } finally {
          await conn.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        conn.release();
      }
    },
    rows: async <T extends Record<string, unknown>>(query: SQL) => {
      const q = dialect.sqlToQuery(query);
      return (await pool.query<T>(q.sql, q.params)).rows;
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

const preparedNames = new Set<string>();

/**
 * A query built once per database handle or transaction instead of on every call: building a
 * `db.select().from(users)` cost ~130 µs of CPU in drizzle, three times the rest of the round trip. The
 * build function must use `sql.placeholder` for every value. On PostgreSQL the name is also the statement
 * prepared on each connection, so two queries may not share one: a second use of a name throws when
 * its module loads.
 */
export function preparedQuery<T>(
  name: string,
  build: (db: Executor) => { prepare(name: string): T },
): (db: Executor) => T {
  if (preparedNames.has(name)) throw new Error(`prepared query name "${name}" is already in use`);
  preparedNames.add(name);
  const built = new WeakMap<Executor, T>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db).prepare(name);
      built.set(db, query);
    }
    return query;
  };
}

/**
 * Rows of a raw query on either driver. Outside a transaction on PostgreSQL the statement is
 * prepared once per connection (named by a hash of its text), which spares the planner on hot
 * feed queries: planning cost about as much as running them.
 */
export async function queryRows(db: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    const q = dialect.sqlToQuery(query);
    const name = `q_${createHash('sha1').update(q.sql).digest('base64url')}`;
    return (await client.query<Record<string, unknown>>({ name, text: q.sql, values: q.params })).rows;
  }
  const result = await db.execute<Record<string, unknown>>(query);
  return (result as { rows: Record<string, unknown>[] }).rows;
}

/**
 * Independent queries: at once on the root handle (a pool spreads them over connections), one
 * after the other inside a transaction, whose single connection must not get overlapping queries
 * (node-postgres deprecates that and pg@9 refuses it).
 */
export async function allQueries<T extends readonly unknown[]>(
  ex: Executor,
  tasks: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if ((ex as { $client?: unknown }).$client !== undefined) {
    return (await Promise.all(tasks.map((task) => task()))) as unknown as T;
  }
  const results: unknown[] = [];
  for (const task of tasks) results.push(await task());
  return results as unknown as T;
}
