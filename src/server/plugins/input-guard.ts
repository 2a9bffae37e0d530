import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors, type ErrorDetail } from '../lib/errors.ts';
import { findUnstorableString } from '../lib/unstorable-strings.ts';

function check(value: unknown, root: string): ErrorDetail | undefined {
  if (value === undefined || value === null) return undefined;
  const found = findUnstorableString(value);
  return found && { path: [root, ...found.path].join('.'), message: found.message };
}

// Node answers a bare 400 itself unless told not to (requireHostHeader: false in app.ts); refused here
// instead, the answer keeps the envelope and the headers every response carries.
function missingHost(req: FastifyRequest): ErrorDetail | undefined {
  const { httpVersionMajor, httpVersionMinor } = req.raw;
  if (httpVersionMajor !== 1 || httpVersionMinor < 1 || req.headers.host !== undefined) return undefined;
  return { path: 'headers.host', message: 'Required in HTTP/1.1' };
}

/**
 * PostgreSQL cannot store U+0000 in text, so a NUL anywhere in the input would fail deep in a query
 * as a 500, and a lone surrogate would be stored altered. Every route refuses both up front as a
 * validation error naming the field, as it does a missing Host (socket events get the same check in handleEvent).
 */
export const inputGuardPlugin = fp(
  (app: FastifyInstance, _opts, done) => {
    app.addHook('preValidation', (req, _reply, next) => {
      const problem =
        missingHost(req) ??
        check(req.params, 'params') ??
        check(req.query, 'query') ??
        check(req.body, 'body');
      if (problem) return next(errors.validation([problem]));
      next();
    });
    done();
  },
  { name: 'input-guard' },
);
