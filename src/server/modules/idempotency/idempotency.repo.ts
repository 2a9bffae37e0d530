import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { idempotencyKeys, type IdempotencyKeyRow } from '../../db/schema/index.ts';

export interface KeyRef {
  userId: string;
  key: string;
}

/** The row that holds a reservation: taking it over or finishing it changes `created_at`, so it acts as a version. */
export interface ReservationRef extends KeyRef {
  createdAt: Date;
}

/** Reserves a key; undefined when the user already holds a row for it. */
export async function insertKeyReservation(
  db: Executor,
  ref: ReservationRef & { requestHash: string },
): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await db.insert(idempotencyKeys).values(ref).onConflictDoNothing().returning();
  return row;
}

export async function findKey(db: Executor, { userId, key }: KeyRef): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  return row;
}

/**
 * Starts the row over as a new reservation (an expired key, or one whose request died); only if it
 * is still the version that was read, so two requests taking over the same row cannot both win.
 */
export async function takeOverKey(
  db: Executor,
  seen: ReservationRef,
  next: { requestHash: string; createdAt: Date },
): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await db
    .update(idempotencyKeys)
    .set({ ...next, statusCode: null, responseBody: null, completedAt: null })
    .where(matching(seen))
    .returning();
  return row;
}

/** Stores the answer of a reservation still held; false if it was taken over meanwhile. */
export async function completeKey(
  db: Executor,
  ref: ReservationRef,
  answer: { statusCode: number; responseBody: unknown; completedAt: Date },
): Promise<boolean> {
  const rows = await db
    .update(idempotencyKeys)
    .set(answer)
    .where(and(matching(ref), isNull(idempotencyKeys.statusCode)))
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** Drops a reservation still held, so that a retry runs the request again. */
export async function deleteKeyReservation(db: Executor, ref: ReservationRef): Promise<void> {
  await db.delete(idempotencyKeys).where(and(matching(ref), isNull(idempotencyKeys.statusCode)));
}

/** Keys created before the cutoff (through idempotency_keys_created_at_idx). */
export function deleteKeysCreatedBeforeQuery(db: Executor, cutoff: Date) {
  return db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
}

function matching({ userId, key, createdAt }: ReservationRef) {
  return and(
    eq(idempotencyKeys.userId, userId),
    eq(idempotencyKeys.key, key),
    eq(idempotencyKeys.createdAt, createdAt),
  );
}
