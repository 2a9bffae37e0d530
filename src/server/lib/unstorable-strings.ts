// The one rule for strings arriving over HTTP and Socket.IO alike: what PostgreSQL cannot store as written.

const MAX_DEPTH = 32;

/** A string that cannot be stored as written: the keys leading to it and why. */
export interface UnstorableString {
  path: string[];
  message: string;
}

function problemWith(value: string): string | undefined {
  // PostgreSQL cannot store U+0000 in text: the query would fail deep down as a 500.
  if (value.includes('\u0000')) return 'Must not contain NUL characters';
  // A lone surrogate cannot be encoded as UTF-8; storing it would silently turn it into U+FFFD.
  if (!value.isWellFormed()) return 'Must be valid Unicode (no lone surrogates)';
  return undefined;
}

/**
 * The keys are collected on the way out, only for the bad string, so clean input allocates nothing.
 * Binary attachments (Socket.IO delivers them as Buffers) hold no text and are skipped.
 */
function findIn(value: unknown, keys: string[], depth: number): string | undefined {
  if (typeof value === 'string') return problemWith(value);
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const found = findIn(record[key], keys, depth + 1);
    if (found) {
      keys.push(key);
      return found;
    }
  }
  return undefined;
}

/** The first string in `value` (a string, or nested in objects and arrays) that cannot be stored as written. */
export function findUnstorableString(value: unknown): UnstorableString | undefined {
  const keys: string[] = [];
  const message = findIn(value, keys, 0);
  return message === undefined ? undefined : { path: keys.reverse(), message };
}
