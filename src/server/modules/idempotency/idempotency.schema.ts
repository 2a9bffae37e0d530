import { z } from 'zod';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer that repeats a stored first result. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/**
 * The headers of a create route that takes an Idempotency-Key; the route also sets
 * `config: {idempotent: true}` (plugins/idempotency.ts).
 */
export const idempotencyHeaders = z.object({
  [IDEMPOTENCY_KEY_HEADER]: z
    .string()
    .regex(/^[\x20-\x7e]{1,255}$/, 'Use 1 to 255 printable ASCII characters')
    .optional()
    .describe(
      'Makes a retry safe: the same key from the same user within 24 hours answers the first result ' +
        '(with Idempotent-Replayed: true) and creates nothing new; reused for another request it answers ' +
        '409 IDEMPOTENCY_MISMATCH, and while the first request still runs 409 CONFLICT. A UUID is a good key.',
    ),
});
