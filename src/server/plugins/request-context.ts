import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import pino from 'pino';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a well-formed incoming X-Request-Id (from a proxy or client), otherwise makes one. */
export function genRequestId(req: { headers: FastifyRequest['headers'] }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

export interface RequestContextOptions {
  slowRequestMs: number;
  /** True once the app is closing: responses then say "Connection: close" so keep-alive clients let go. */
  isClosing: () => boolean;
}

function setRequestHeaders(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', req.id);
  reply.header('x-response-time', `${reply.elapsedTime.toFixed(1)}ms`);
}

/** The onSend hook that puts X-Request-Id and X-Response-Time on a response (bench:http reuses it). */
export const requestHeadersOnSend: onSendHookHandler = (req, reply, payload, done) => {
  setRequestHeaders(req, reply);
  done(null, payload);
};

const DEBUG = pino.levels.values.debug ?? 20;

/**
 * X-Request-Id and X-Response-Time on every response, and the request's log line: at warn when slower
 * than slowRequestMs, at debug for a successful GET or HEAD, at info otherwise (a change, or a failure).
 * A line for every read at info cost more than any other plugin in bench:http; metrics count them all.
 */
export const requestContextPlugin = fp<RequestContextOptions>(
  (app: FastifyInstance, opts) => {
    app.addHook('onSend', (req, reply, payload, done) => {
      setRequestHeaders(req, reply);
      if (opts.isClosing()) reply.header('connection', 'close');
      done(null, payload);
    });

    app.addHook('onResponse', (req, reply, done) => {
      const ms = reply.elapsedTime;
      const slow = ms > opts.slowRequestMs;
      const failed = reply.statusCode >= 400;
      // Reads that succeed are the bulk of the traffic; changes (sign-ins, posts, deletions) stay at info.
      const read = req.method === 'GET' || req.method === 'HEAD';
      const quiet = !slow && !failed && read;
      if (quiet && (pino.levels.values[req.log.level] ?? Infinity) > DEBUG) return done();
      const fields = {
        method: req.method,
        url: req.url,
        route: req.routeOptions.url ?? '(unmatched)',
        statusCode: reply.statusCode,
        ms: Math.round(ms),
      };
      if (slow) req.log.warn(fields, 'slow request');
      else if (quiet) req.log.debug(fields, 'request completed');
      else req.log.info(fields, 'request completed');
      done();
    });
  },
  { name: 'request-context' },
);
