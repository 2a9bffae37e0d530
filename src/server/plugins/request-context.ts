import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onSendHookHandler } from 'fastify';
import fp from 'fastify-plugin';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a well-formed incoming X-Request-Id (from a proxy or client), otherwise makes one. */
export function genRequestId(req: { headers: FastifyRequest['headers'] }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

export interface RequestContextOptions {
  slowRequestMs: number;
}

/** The onSend hook that puts X-Request-Id and X-Response-Time on a response (bench:http reuses it). */
export const requestHeadersOnSend: onSendHookHandler = (req, reply, payload, done) => {
  reply.header('x-request-id', req.id);
  reply.header('x-response-time', `${reply.elapsedTime.toFixed(1)}ms`);
  done(null, payload);
};

/** X-Request-Id and X-Response-Time on every response; one log line per request, warn when slow. */
export const requestContextPlugin = fp<RequestContextOptions>(
  (app: FastifyInstance, opts) => {
    app.addHook('onSend', requestHeadersOnSend);

    app.addHook('onResponse', (req, reply, done) => {
      const ms = reply.elapsedTime;
      const route = req.routeOptions.url ?? '(unmatched)';
      const fields = {
        method: req.method,
        url: req.url,
        route,
        statusCode: reply.statusCode,
        ms: Math.round(ms),
      };
      if (ms > opts.slowRequestMs) req.log.warn(fields, 'slow request');
      else req.log.info(fields, 'request completed');
      done();
    });
  },
  { name: 'request-context' },
);
