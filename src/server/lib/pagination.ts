import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { errors } from './errors.ts';
import { isUuid } from './ids.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Base64url, as encodeCursor writes it; decodeCursor checks the rest. */
const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

export const pageLimitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE)
  .default(DEFAULT_PAGE_SIZE)
  .describe(`Items per page, 1 to ${MAX_PAGE_SIZE}`);

export const pageQuerySchema = z.object({
  limit: pageLimitSchema,
  cursor: z
    .string()
    .min(1)
    .max(200)
    .regex(CURSOR_PATTERN, 'Invalid cursor')
    .optional()
    .describe(
      "Opaque: the previous page's meta.nextCursor, passed back unchanged to the list that issued it. " +
        'Omit it for the first page.',
    ),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface PageMeta {
  nextCursor: string | null;
  hasMore: boolean;
}

export interface Page<T> {
  items: T[];
  meta: PageMeta;
}

const MAX_CURSOR_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A position in a list ordered by (created_at, id), newest first. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

// Opaque to clients: base64url of "<epoch ms>.<id>". Millisecond precision matches the columns.
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt.getTime()}.${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  const invalid = () => errors.validation([{ path: 'query.cursor', message: 'Invalid cursor' }]);
  if (!CURSOR_PATTERN.test(raw)) throw invalid();
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^(\d{1,15})\.([0-9a-f-]{36})$/.exec(text);
  if (!match?.[1] || !match[2] || !isUuid(match[2])) throw invalid();
  const ms = Number(match[1]);
  // Year 9999 at most: later dates print as "+010000-…", which Postgres cannot parse.
  if (ms > MAX_CURSOR_MS) throw invalid();
  const createdAt = new Date(ms);
  return { createdAt, id: match[2] };
}

export type SortDirection = 'desc' | 'asc';

/** The position a page query asks for; undefined for the first page. */
export function cursorOf(query: PageQuery): Cursor | undefined {
  return query.cursor === undefined ? undefined : decodeCursor(query.cursor);
}

/**
 * WHERE clause for "strictly past the cursor" in (created_at, id) order. A row comparison is an
 * index condition on a (…, created_at, id) btree, so a page costs the same at any depth.
 */
export function afterCursor(
  createdAtCol: AnyColumn,
  idCol: AnyColumn,
  cursor: Cursor | undefined,
  direction: SortDirection = 'desc',
): SQL | undefined {
  if (!cursor) return undefined;
  const op = direction === 'desc' ? sql.raw('<') : sql.raw('>');
  return sql`(${createdAtCol}, ${idCol}) ${op} (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
}

/** Builds a page from up to limit+1 rows fetched in order; the extra row only signals "more". */
export function toPage<T extends Cursor>(rows: T[], limit: number): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, meta: { hasMore, nextCursor: hasMore && last ? encodeCursor(last) : null } };
}
