import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';
import { newId } from '../../lib/ids.ts';

/** Case-insensitive text (the citext extension is created by the first migration). */
export const citext = customType<{ data: string }>({
  dataType: () => 'citext',
});

export const idColumn = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => newId());

// Millisecond precision so a timestamp survives the round trip through a JS Date, which keeps
// keyset cursors over (created_at, id) exact.
export const createdAt = () =>
  timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow();
