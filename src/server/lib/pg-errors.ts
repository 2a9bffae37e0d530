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
