import { sql } from 'drizzle-orm';
import {
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { users } from './users.ts';

/**
 * The first answer to a create request that carried an `Idempotency-Key`, kept for 24 hours so a
 * retry (from any instance) gets the same status and body instead of a second resource. A row with no
 * status yet is a request still in progress.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the method, the route and the body: the same key with another request is a mismatch. */
    requestHash: text('request_hash').notNull(),
    statusCode: smallint('status_code'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true, precision: 3, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
    check('idempotency_keys_key_length', sql`length(${t.key}) between 1 and 255`),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
