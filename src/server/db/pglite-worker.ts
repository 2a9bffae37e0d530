import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pgliteExtensions } from './pglite-extensions.ts';
import {
  serializeError,
  type WorkerData,
  type WorkerMessage,
  type WorkerQueryOptions,
  type WorkerRequest,
} from './pglite-protocol.ts';

// Run as a worker thread by PgliteWorkerClient (pglite-client.ts): the embedded database of a data dir,
// off the main thread so that a slow statement does not stall HTTP and sockets. Loads PGlite only.

if (parentPort === null) throw new Error('pglite-worker runs as a worker thread');
const port: MessagePort = parentPort;
const { dir, startParams } = workerData as WorkerData;

interface OpenTransaction {
  tx: Transaction;
  end: (commit: boolean) => void;
}

// Thrown into PGlite's transaction() callback to make it roll back; not an error of the caller's.
const ROLLBACK = new Error('rolled back by the caller');

const raw = (value: string) => value;

function queryOptions(options: WorkerQueryOptions) {
  const parsers: Record<number, (value: string) => string> = {};
  for (const oid of options.rawOids) parsers[oid] = raw;
  return { rowMode: options.rowMode, paramTypes: options.paramTypes, parsers };
}

const post = (message: WorkerMessage) => port.postMessage(message);

const transactions = new Map<number, OpenTransaction>();
// What 'end' waits for: PGlite's COMMIT (or ROLLBACK) of each open transaction.
const endings = new Map<number, Promise<void>>();
let nextTx = 1;

function transactionOf(id: number): OpenTransaction {
  const open = transactions.get(id);
  if (open === undefined) throw new Error(`Transaction ${id} is closed`);
  return open;
}

function begin(db: PGlite): Promise<number> {
  return new Promise((resolveBegin, rejectBegin) => {
    const id = nextTx++;
    const ended = db
      .transaction(
        (tx) =>
          new Promise<void>((resolve, reject) => {
            transactions.set(id, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)) });
            resolveBegin(id);
          }),
      )
      .catch((err: unknown) => {
        if (err !== ROLLBACK) throw err;
      })
      .finally(() => transactions.delete(id));
    endings.set(id, ended);
    // BEGIN itself failed, so the callback never ran (rejecting after it did changes nothing).
    ended.catch(rejectBegin);
  });
}

async function end(id: number, commit: boolean): Promise<void> {
  const ended = endings.get(id);
  if (ended === undefined) throw new Error(`Transaction ${id} is closed`);
  endings.delete(id);
  transactions.get(id)?.end(commit);
  await ended;
}

async function handle(db: PGlite, request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const on = request.tx === undefined ? db : transactionOf(request.tx).tx;
      return on.query(request.sql, request.params, queryOptions(request.options));
    }
    case 'exec':
      return (request.tx === undefined ? db : transactionOf(request.tx).tx).exec(request.sql);
    case 'begin':
      return begin(db);
    case 'rollback':
      return transactionOf(request.tx).tx.rollback();
    case 'end':
      return end(request.tx, request.commit);
    case 'refreshArrayTypes':
      return db.refreshArrayTypes();
    case 'close':
      return db.close();
  }
}

async function respond(db: PGlite, id: number, request: WorkerRequest): Promise<void> {
  let reply: WorkerMessage;
  try {
    reply = { type: 'reply', id, ok: true, value: await handle(db, request) };
  } catch (err) {
    reply = { type: 'reply', id, ok: false, error: serializeError(err) };
  }
  try {
    post(reply);
  } catch (err) {
    // A value that cannot be cloned (DataCloneError) fails this request, not the worker.
    post({ type: 'reply', id, ok: false, error: serializeError(err) });
  }
}

async function serve(): Promise<void> {
  let db: PGlite;
  try {
    db = await PGlite.create(dir, {
      extensions: pgliteExtensions,
      startParams: [...PGlite.defaultStartParams, ...startParams],
    });
  } catch (err) {
    // Nothing listens on the port: the thread ends once this is sent.
    post({ type: 'failed', error: serializeError(err) });
    return;
  }
  port.on('message', ({ id, request }: { id: number; request: WorkerRequest }) => {
    void respond(db, id, request);
  });
  post({ type: 'ready' });
}

void serve();
