import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorEnvelope } from '../../contract/envelope.ts';
import { isConnectionFailure, pgErrorCode } from '../lib/pg-errors.ts';
import { AppError, ERROR_CATALOGUE, type ErrorCode, type ErrorDetail } from '../lib/errors.ts';

const CONTEXT_NAMES: Record<string, string> = {
  querystring: 'query',
  body: 'body',
  params: 'params',
  headers: 'headers',
};

/** Seconds a client is told to wait after a 503 (the database restarting, a failover). */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
): FastifyReply {
  const body: ErrorEnvelope = {
    error: { code, message, ...(details ? { details } : {}), requestId: req.id },
  };
  return reply.code(ERROR_CATALOGUE[code].status).type('application/json; charset=utf-8').send(body);
}

/** Turns any thrown error into the standard envelope; only 5xx details reach the log, never the client. */
export function toErrorResponse(
  err: unknown,
  req: FastifyRequest,
): { code: ErrorCode; message: string; details?: ErrorDetail[] } {
  if (err instanceof AppError) {
    return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  }
  const fe = err as Partial<FastifyError> & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = CONTEXT_NAMES[fe.validationContext ?? 'body'] ?? 'body';
    const details = err.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'Invalid value',
    }));
    return { code: 'VALIDATION_FAILED', message: ERROR_CATALOGUE.VALIDATION_FAILED.message, details };
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && fe.statusCode === 400)) {
    return { code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON.' };
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { code: 'PAYLOAD_TOO_LARGE', message: ERROR_CATALOGUE.PAYLOAD_TOO_LARGE.message };
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Content type ${req.headers['content-type'] ?? '(none)'} is not supported.`,
    };
  }
  const sqlState = pgErrorCode(err);
  // A row referred to was deleted between the check and the write (a concurrent delete).
  if (sqlState === '23503')
    return { code: 'NOT_FOUND', message: 'Something this refers to no longer exists.' };
  // Concurrent writes collided; the transaction was rolled back whole, so retrying is safe.
  if (sqlState === '40001' || sqlState === '40P01') {
    return { code: 'CONFLICT', message: 'A concurrent change got in the way; please retry.' };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { code: STATUS_CODES[status] ?? 'VALIDATION_FAILED', message: fe.message ?? 'Bad request.' };
  }
  // The database is down, restarting or closed: a retry later may succeed, so not a 500. (Checked after
  // the 4xx, which include a client's own connection reset while it sent the body.)
  if (isConnectionFailure(err)) {
    return { code: 'UNAVAILABLE', message: ERROR_CATALOGUE.UNAVAILABLE.message };
  }
  return { code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message };
}

export const errorsPlugin = fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((err, req, reply) => {
      const res = toErrorResponse(err, req);
      const status = ERROR_CATALOGUE[res.code].status;
      if (status >= 500) req.log.error({ err }, 'request failed');
      else
        req.log.debug({ err: { message: err instanceof Error ? err.message : String(err) } }, 'client error');
      if (err instanceof AppError && err.headers) reply.headers(err.headers);
      if (res.code === 'UNAVAILABLE' && !reply.hasHeader('retry-after')) {
        reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
      }
      return sendError(req, reply, res.code, res.message, res.details);
    });
  },
  { name: 'errors' },
);
