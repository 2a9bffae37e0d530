import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParserOptions, PGlite, QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import {
  deserializeError,
  type WorkerData,
  type WorkerMessage,
  type WorkerQueryOptions,
  type WorkerRequest,
} from './pglite-protocol.ts';

/** The part of PGlite that drizzle-orm/pglite and wrapPglite use: PGlite itself, or PgliteWorkerClient. */
export type PgliteClient = Pick<PGlite, 'query' | 'exec' | 'transaction' | 'refreshArrayTypes' | 'close'>;

/** Matched by pg-errors.ts: the database is gone, worth a 503. */
export const WORKER_STOPPED = "The embedded database's worker stopped unexpectedly";

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** The worker, and how to start it: under tsx (the tests, npm run dev) it is TypeScript; npm start runs the build. */
export function spawnPgliteWorker(workerData: WorkerData): Worker {
  const self = fileURLToPath(import.meta.url);
  const entry = path.join(path.dirname(self), `pglite-worker${path.extname(self)}`);
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  // Node 20 does not apply `--import tsx` to a worker's entry. tsx's require hook loads it as CommonJS
  // in the worker's own thread; its ESM hooks would start one more thread, and tens of MiB with it.
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(boot, { eval: true, workerData });
}

/** Runs PGlite's parsers for the types the worker sent as text (drizzle's dates and timestamps). */
function applyParsers(result: Results<unknown>, parsers: ParserOptions, rowMode: QueryOptions['rowMode']) {
  result.fields.forEach((field, i) => {
    const parse = parsers[field.dataTypeID];
    if (parse === undefined) return;
    for (const row of result.rows) {
      const cells = row as Record<string | number, unknown>;
      const key = rowMode === 'array' ? i : field.name;
      const value = cells[key];
      if (typeof value === 'string') cells[key] = parse(value);
    }
  });
}

function workerOptions(options: QueryOptions | undefined): WorkerQueryOptions {
  if (options?.serializers !== undefined || options?.blob !== undefined || options?.onNotice !== undefined) {
    throw new Error('serializers, blob and onNotice are not supported by the embedded database worker');
  }
  return {
    rowMode: options?.rowMode,
    paramTypes: options?.paramTypes,
    rawOids: options?.parsers === undefined ? [] : Object.keys(options.parsers).map(Number),
  };
}

/**
 * PGlite in a worker thread (pglite-worker.ts): the main thread only posts statements and receives
 * rows, so a slow statement does not stall it. Implements what drizzle-orm/pglite calls.
 */
export class PgliteWorkerClient implements PgliteClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Set once closed or once the worker died: every later call rejects with it. */
  #failure: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type !== 'reply') return;
      const pending = this.#pending.get(message.id);
      if (pending === undefined) return;
      this.#pending.delete(message.id);
      if (this.#pending.size === 0) worker.unref();
      if (message.ok) pending.resolve(message.value);
      else pending.reject(deserializeError(message.error));
    });
    worker.on('error', (err) => this.#stop(new Error(`${WORKER_STOPPED}: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => this.#stop(new Error(`${WORKER_STOPPED} (exit code ${code})`)));
    // Like PGlite on the main thread, an idle database does not keep the process alive.
    worker.unref();
  }

  /**
   * Opens the database in `dir` (a cluster pglite-init.ts created) with PGlite's start params plus
   * `startParams`. Tests pass a `spawn` that keeps the Worker, to kill it.
   */
  static async open(
    dir: string,
    startParams: string[],
    spawn = spawnPgliteWorker,
  ): Promise<PgliteWorkerClient> {
    const worker = spawn({ dir, startParams });
    await new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        worker.off('message', onMessage).off('error', settle).off('exit', onExit);
        if (err === undefined) resolve();
        else reject(err);
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'ready') settle();
        else if (message.type === 'failed') settle(deserializeError(message.error));
      };
      const onExit = (code: number) =>
        settle(new Error(`${WORKER_STOPPED} (exit code ${code}) opening ${dir}`));
      worker.on('message', onMessage).on('error', settle).on('exit', onExit);
    }).catch(async (err: unknown) => {
      await worker.terminate();
      throw err;
    });
    return new PgliteWorkerClient(worker);
  }

  get closed(): boolean {
    return this.#failure !== undefined;
  }

  #stop(failure: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = failure;
    for (const pending of this.#pending.values()) pending.reject(failure);
    this.#pending.clear();
  }

  /** @internal For WorkerTransaction. */
  call(request: WorkerRequest): Promise<unknown> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage({ id, request });
      } catch (err) {
        // A parameter that cannot be cloned (a function, a class instance with private state…).
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#worker.ref();
    });
  }

  /** @internal For WorkerTransaction. */
  async runQuery<T>(
    sql: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
    tx?: number,
  ) {
    const request: WorkerRequest = {
      op: 'query',
      sql,
      params: params ?? [],
      options: workerOptions(options),
      tx,
    };
    // The worker answers with what PGlite returned for this query: the rows are the caller's T.
    const result = (await this.call(request)) as Results<T>;
    if (options?.parsers !== undefined) applyParsers(result, options.parsers, options.rowMode);
    return result;
  }

  /** @internal For WorkerTransaction. */
  async runExec(sql: string, options: QueryOptions | undefined, tx?: number): Promise<Results[]> {
    if (options !== undefined && Object.values(options).some((v) => v !== undefined)) {
      throw new Error('exec() options are not supported by the embedded database worker');
    }
    return (await this.call({ op: 'exec', sql, tx })) as Results[];
  }

  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.runQuery<T>(query, params, options);
  }

  exec(query: string, options?: QueryOptions): Promise<Results[]> {
    return this.runExec(query, options);
  }

  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = (await this.call({ op: 'begin' })) as number;
    const tx = new WorkerTransaction(this, id);
    let result: T;
    try {
      result = await callback(tx);
    } catch (err) {
      tx.end();
      // The caller's error is the one to see; the worker rolls back (or is gone).
      await this.call({ op: 'end', tx: id, commit: false }).catch(() => undefined);
      throw err;
    }
    tx.end();
    await this.call({ op: 'end', tx: id, commit: true });
    return result;
  }

  async refreshArrayTypes(): Promise<void> {
    await this.call({ op: 'refreshArrayTypes' });
  }

  /** Closes PGlite in the worker (which checkpoints), then ends the worker. */
  async close(): Promise<void> {
    if (this.#failure !== undefined) {
      await this.#worker.terminate();
      return;
    }
    try {
      await this.call({ op: 'close' });
    } finally {
      this.#stop(new Error('PGlite is closed'));
      await this.#worker.terminate();
    }
  }
}

class WorkerTransaction implements Transaction {
  readonly #client: PgliteWorkerClient;
  readonly #id: number;
  #closed = false;

  constructor(client: PgliteWorkerClient, id: number) {
    this.#client = client;
    this.#id = id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The callback returned or threw: no more statements in this transaction. */
  end(): void {
    this.#closed = true;
  }

  #check(): void {
    if (this.#closed) throw new Error('Transaction is closed');
  }

  async query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    this.#check();
    return this.#client.runQuery<T>(query, params, options, this.#id);
  }

  async sql<T>(strings: TemplateStringsArray, ...params: unknown[]): Promise<Results<T>> {
    this.#check();
    const text = strings.reduce((acc, part, i) => `${acc}$${i}${part}`);
    return this.#client.runQuery<T>(text, params, undefined, this.#id);
  }

  async exec(query: string, options?: QueryOptions): Promise<Results[]> {
    this.#check();
    return this.#client.runExec(query, options, this.#id);
  }

  async rollback(): Promise<void> {
    this.#check();
    await this.#client.call({ op: 'rollback', tx: this.#id });
    this.#closed = true;
  }

  listen(): Promise<never> {
    return Promise.reject(new Error('LISTEN is not supported by the embedded database worker'));
  }
}
