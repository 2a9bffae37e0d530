import type { Server } from 'node:http';
import { LogController, type FastifyBaseLogger, type FastifyHttpOptions } from 'fastify';
import type { Config } from './config.ts';
import { createClientErrorHandler } from './plugins/client-error.ts';
import { sendError } from './plugins/errors.ts';
import { genRequestId } from './plugins/request-context.ts';
import type { SecurityHeaders } from './plugins/security.ts';

export const BODY_LIMIT = 1024 * 1024;

/** A hop count trusts that many proxies nearest to us (X-Forwarded-For is read from the right). */
function toTrustProxy(
  value: Config['trustProxy'],
): boolean | string | ((addr: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_addr, hop) => hop < value;
  return value;
}

/**
 * Fastify's own options: request ids, body limit, proxies, and the envelope for what fails before
 * any hook runs (bad URLs, requests Node's parser refuses).
 */
export function serverOptions(opts: {
  logger: FastifyBaseLogger | undefined;
  trustProxy: Config['trustProxy'];
  securityHeaders: SecurityHeaders;
}): FastifyHttpOptions<Server> {
  const { logger, securityHeaders } = opts;
  return {
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT,
    genReqId: genRequestId,
    requestIdHeader: false,
    // Our onResponse hook writes one line per request instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'reqId', disableRequestLogging: true }),
    return503OnClosing: true,
    // Bad percent-encoding and over-long path parameters fail before routing; answer them in the envelope.
    // No hooks run for these, so the headers every response carries are set here.
    frameworkErrors: (err, req, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const message = tooLong ? 'A path parameter is longer than 100 characters.' : 'The URL is malformed.';
      reply.headers(securityHeaders.data).header('x-request-id', req.id);
      void sendError(req, reply, 'VALIDATION_FAILED', message, [{ path: 'params', message }]);
    },
    trustProxy: toTrustProxy(opts.trustProxy),
    // Requests Node's parser refuses get the envelope too, written on the raw socket.
    clientErrorHandler: createClientErrorHandler(securityHeaders.data, logger),
    // A missing Host is refused by the input guard, in the envelope, instead of Node's bare 400.
    http: { requireHostHeader: false },
  };
}
