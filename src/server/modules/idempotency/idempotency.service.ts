import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import type { IdempotencyKeyRow } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import {
  completeKey,
  deleteKeyReservation,
  deleteKeysCreatedBeforeQuery,
  findKey,
  insertKeyReservation,
  takeOverKey,
  type ReservationRef,
} from './idempotency.repo.ts';

export type { ReservationRef };

/** How long a key answers with its first result; keys older than this count as new and are purged. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A reservation with no answer after this long belongs to a request that died; another may take it over. */
export const STALE_RESERVATION_MS = 60 * 1000;

export interface KeyedRequest {
  userId: string;
  key: string;
  requestHash: string;
}

export type BeginResult =
  | { outcome: 'proceed'; reservation: ReservationRef }
  | { outcome: 'replay'; statusCode: number; body: unknown };

/** SHA-256 of what makes two requests the same: method, route pattern, path parameters and body. */
export function hashRequest(parts: {
  method: string;
  route: string;
  params: unknown;
  body: unknown;
}): string {
  return createHash('sha256')
    .update(canonicalJson([parts.method, parts.route, parts.params ?? null, parts.body ?? null]))
    .digest('hex');
}

/** JSON with object keys sorted, so the same body sent with its fields in another order hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const obj = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, obj[k]]),
    );
  });
}

const busy = (message: string) => new AppError('CONFLICT', message, undefined, { 'retry-after': '1' });

export function createIdempotencyService({ db, clock }: { db: Database; clock: Clock }) {
  const ageOf = (row: IdempotencyKeyRow, now: Date) => now.getTime() - row.createdAt.getTime();

  return {
    /**
     * Reserves the key for this request, or says what to answer instead: the stored first result,
     * IDEMPOTENCY_MISMATCH for another request under the same key, CONFLICT while the first still runs.
     */
    async begin(req: KeyedRequest): Promise<BeginResult> {
      // A reservation can vanish between the insert and the read (released, purged): then try again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const now = clock.now();
        const ref = { userId: req.userId, key: req.key, createdAt: now };
        if (await insertKeyReservation(db, { ...ref, requestHash: req.requestHash })) {
          return { outcome: 'proceed', reservation: ref };
        }
        const row = await findKey(db, req);
        if (!row) continue;
        const expired = ageOf(row, now) > KEY_LIFETIME_MS;
        if (!expired && row.requestHash !== req.requestHash) throw new AppError('IDEMPOTENCY_MISMATCH');
        if (!expired && row.statusCode !== null) {
          return { outcome: 'replay', statusCode: row.statusCode, body: row.responseBody };
        }
        if (!expired && ageOf(row, now) < STALE_RESERVATION_MS) {
          throw busy('A request with this Idempotency-Key is still in progress; retry it in a moment.');
        }
        const seen = { userId: req.userId, key: req.key, createdAt: row.createdAt };
        if (await takeOverKey(db, seen, { requestHash: req.requestHash, createdAt: now })) {
          return { outcome: 'proceed', reservation: ref };
        }
      }
      throw busy('This Idempotency-Key is changing hands; retry it in a moment.');
    },

    /** Keeps the answer for retries; false if the reservation was taken over (this request ran too long). */
    complete: (reservation: ReservationRef, statusCode: number, body: unknown) =>
      completeKey(db, reservation, { statusCode, responseBody: body, completedAt: clock.now() }),

    /** Frees the key so that a retry runs the request again. */
    release: (reservation: ReservationRef) => deleteKeyReservation(db, reservation),

    /** Deletes keys past their lifetime; returns how many. */
    async purgeExpired(): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - KEY_LIFETIME_MS);
      return (await deleteKeysCreatedBeforeQuery(db, cutoff)).length;
    },
  };
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
