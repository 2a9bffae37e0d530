import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../lib/errors.ts';

const MAX_DEPTH = 32;

interface Problem {
  path: string;
  message: string;
}

function checkString(value: string, path: string): Problem | undefined {
  if (value.includes('\u0000')) return { path, message: 'Must not contain NUL characters' };
  // A lone surrogate cannot be encoded as UTF-8; storing it would silently turn it into U+FFFD.
  if (!value.isWellFormed()) return { path, message: 'Must be valid Unicode (no lone surrogates)' };
  return undefined;
}

/** The first string that cannot be stored as written: a NUL character or a lone surrogate. */
function findBadString(value: unknown, path: string, depth = 0): Problem | undefined {
  if (typeof value === 'string') return checkString(value, path);
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findBadString(child, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL cannot store U+0000 in text, so a NUL anywhere in the input would fail deep in a query
 * as a 500, and a lone surrogate would be stored altered. Every route refuses both up front as a
 * validation error naming the field.
 */
export const inputGuardPlugin = fp(
  (app: FastifyInstance, _opts, done) => {
    app.addHook('preValidation', (req, _reply, next) => {
      const problem =
        findBadString(req.params, 'params') ??
        findBadString(req.query, 'query') ??
        findBadString(req.body, 'body');
      if (problem) return next(errors.validation([problem]));
      next();
    });
    done();
  },
  { name: 'input-guard' },
);
