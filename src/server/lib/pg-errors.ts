// Drivers surface Postgres errors differently: node-postgres via Drizzle puts them on err.cause,
// PGlite sometimes on the error itself.
interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
}

function pgFields(err: unknown): PgErrorFields | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const direct = err as PgErrorFields & { cause?: unknown };
  if (typeof direct.code === 'string' && /^[0-9A-Z]{5}$/.test(direct.code)) return direct;
  return direct.cause === undefined ? undefined : pgFields(direct.cause);
}

/** The constraint behind a unique violation (23505), or undefined for any other error. */
export function uniqueViolation(err: unknown): string | undefined {
  const f = pgFields(err);
  if (f?.code !== '23505') return undefined;
  return typeof f.constraint === 'string' ? f.constraint : '';
}

/** SQLSTATE of a Postgres error, wherever the driver put it. */
export function pgErrorCode(err: unknown): string | undefined {
  const code = pgFields(err)?.code;
  return typeof code === 'string' ? code : undefined;
}

// Socket errors of node-postgres (and Node's happy-eyeballs AggregateError) when the server is down,
// restarting or out of reach.
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// 57P01-03: admin shutdown, crash shutdown, cannot connect now (starting or recovering); 53300: too
// many connections. Class 08 (connection exception) is matched by prefix.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES = [
  // node-postgres: the server closed the connection, or the connect timed out.
  /^Connection terminated/,
  // pg-pool's connectionTimeoutMillis ran out.
  /^timeout exceeded when trying to connect/,
  // node-postgres: a client whose connection already failed or was closed.
  /is not queryable/,
  // PGlite, closed (or closing) under the app.
  /^PGlite is clos(ed|ing)$/,
  // The worker thread that runs the embedded database died (db/pglite-client.ts).
  /^The embedded database's worker stopped unexpectedly/,
  // A pool ended by shutdown while requests were still in flight.
  /^Cannot use a pool after calling end on the pool$/,
];

function isConnectionFailureOf(err: unknown, depth: number): boolean {
  if (typeof err !== 'object' || err === null || depth > 8) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') {
    if (CONNECTION_ERRNOS.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(e.code)) return true;
  }
  // A WebAssembly trap or Emscripten abort(): PGlite's engine crashed (and is marked aborted).
  if (err instanceof WebAssembly.RuntimeError) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(e.message as string))) {
    return true;
  }
  // Drizzle wraps driver errors in DrizzleQueryError (.cause); a failed dual-stack connect is an
  // AggregateError (.errors).
  if (isConnectionFailureOf(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => isConnectionFailureOf(inner, depth + 1));
}

/**
 * True when the error means the database could not be reached (refused, reset, shut down, closed),
 * wherever the driver or Drizzle put the reason: worth a 503 and a retry, not a 500.
 */
export function isConnectionFailure(err: unknown): boolean {
  return isConnectionFailureOf(err, 0);
}
