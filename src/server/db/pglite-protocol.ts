// What the main thread and the embedded database's worker (pglite-worker.ts) say to each other. Kept
// free of PGlite and drizzle so that neither side loads more than it needs.

export interface WorkerQueryOptions {
  rowMode?: 'array' | 'object';
  paramTypes?: number[];
  /** Types the caller parses itself (drizzle's dates, timestamps, intervals): sent as their text. */
  rawOids: number[];
}

export type WorkerRequest =
  | { op: 'query'; sql: string; params: unknown[]; options: WorkerQueryOptions; tx?: number }
  | { op: 'exec'; sql: string; tx?: number }
  /** Opens a transaction; answers with its id once BEGIN ran. */
  | { op: 'begin' }
  /** tx.rollback() in the caller's callback: ROLLBACK now, the transaction is then closed. */
  | { op: 'rollback'; tx: number }
  /** The caller's callback returned (commit) or threw (rollback). */
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'refreshArrayTypes' }
  | { op: 'close' };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: SerializedError };

export interface WorkerData {
  dir: string;
  startParams: string[];
}

export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  /** A WebAssembly trap or abort: pg-errors.ts tells an engine crash by its class. */
  wasm: boolean;
  /** DatabaseError's code, constraint, detail, table… and PGlite's query. */
  fields: Record<string, string | number | boolean | null>;
  cause: SerializedError | undefined;
}

export function serializeError(err: unknown, depth = 0): SerializedError {
  if (!(err instanceof Error)) {
    return {
      name: 'Error',
      message: String(err),
      stack: undefined,
      wasm: false,
      fields: {},
      cause: undefined,
    };
  }
  const fields: SerializedError['fields'] = {};
  for (const [key, value] of Object.entries(err)) {
    if (key === 'name' || key === 'message' || key === 'stack' || key === 'cause') continue;
    const kind = typeof value;
    if (value === null || kind === 'string' || kind === 'number' || kind === 'boolean') {
      fields[key] = value as string | number | boolean | null;
    }
  }
  return {
    name: err.name,
    message: err.message,
    stack: err.stack,
    wasm: err instanceof WebAssembly.RuntimeError,
    fields,
    cause: err.cause === undefined || depth > 4 ? undefined : serializeError(err.cause, depth + 1),
  };
}

export function deserializeError(s: SerializedError): Error {
  const err = s.wasm ? new WebAssembly.RuntimeError(s.message) : new Error(s.message);
  Object.assign(err, s.fields);
  // DatabaseError's name is own ('error'); others take it from their class, which did not cross.
  Object.defineProperty(err, 'name', {
    value: s.name,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  if (s.stack !== undefined) err.stack = s.stack;
  if (s.cause !== undefined) err.cause = deserializeError(s.cause);
  return err;
}
