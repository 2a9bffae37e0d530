import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../lib/errors.ts';

const MAX_DEPTH = 32;

/** Path of the first string holding a NUL character, or undefined. */
function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findNul(child, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL cannot store U+0000 in text, so a NUL anywhere in the input would fail deep in a query
 * as a 500. Every route refuses it up front as a validation error naming the field.
 */
export const inputGuardPlugin = fp(
  (app: FastifyInstance, _opts, done) => {
    app.addHook('preValidation', (req, _reply, next) => {
      const path = findNul(req.params, 'params') ?? findNul(req.query, 'query') ?? findNul(req.body, 'body');
      if (path) return next(errors.validation([{ path, message: 'Must not contain NUL characters' }]));
      next();
    });
    done();
  },
  { name: 'input-guard' },
);
