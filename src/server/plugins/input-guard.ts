import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../lib/errors.ts';

const MAX_DEPTH = 32;

interface Problem {
  path: string;
  message: string;
}

function problemWith(value: string): string | undefined {
  if (value.includes('\u0000')) return 'Must not contain NUL characters';
  // A lone surrogate cannot be encoded as UTF-8; storing it would silently turn it into U+FFFD.
  if (!value.isWellFormed()) return 'Must be valid Unicode (no lone surrogates)';
  return undefined;
}

/**
 * The first string that cannot be stored as written: a NUL character or a lone surrogate. The path is
 * built only for that string (keys collected on the way out), so clean input allocates nothing.
 */
function findBadString(value: unknown, keys: string[], depth = 0): string | undefined {
  if (typeof value === 'string') return problemWith(value);
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const found = findBadString(record[key], keys, depth + 1);
    if (found) {
      keys.push(key);
      return found;
    }
  }
  return undefined;
}

function check(value: unknown, root: string): Problem | undefined {
  if (value === undefined || value === null) return undefined;
  const keys: string[] = [];
  const message = findBadString(value, keys);
  return message === undefined ? undefined : { path: [root, ...keys.reverse()].join('.'), message };
}

/**
 * PostgreSQL cannot store U+0000 in text, so a NUL anywhere in the input would fail deep in a query
 * as a 500, and a lone surrogate would be stored altered. Every route refuses both up front as a
 * validation error naming the field.
 */
export const inputGuardPlugin = fp(
  (app: FastifyInstance, _opts, done) => {
    app.addHook('preValidation', (req, _reply, next) => {
      const problem = check(req.params, 'params') ?? check(req.query, 'query') ?? check(req.body, 'body');
      if (problem) return next(errors.validation([problem]));
      next();
    });
    done();
  },
  { name: 'input-guard' },
);
