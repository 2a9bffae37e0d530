import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import cors from '@fastify/cors';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityOptions {
  /** From computeSecurityHeaders(). */
  headers: Record<string, string>;
  /** Origins allowed to call the API from a browser; empty keeps CORS closed. */
  corsOrigins: string[];
}

const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=(self)',
  'payment=()',
  'usb=()',
  'interest-cohort=()',
].join(', ');

/**
 * Runs helmet once against a throw-away response and keeps the headers it set. The headers never
 * vary by request, and @fastify/helmet rebuilds them (re-validating the CSP) on every request, which
 * cost ~100 µs per request in bench:http.
 */
export function computeSecurityHeaders(opts: { isHttps: boolean }): Record<string, string> {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  helmet(helmetOptions(opts))(res.req, res, () => undefined);
  const headers: Record<string, string> = { 'permissions-policy': PERMISSIONS_POLICY };
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

function helmetOptions(opts: { isHttps: boolean }): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(opts.isHttps ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Sent only over HTTPS: HSTS on plain HTTP would lock a local install out of itself.
    strictTransportSecurity: opts.isHttps ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  };
}

/** The onRequest hook that puts the given security headers on a response (bench:http reuses it). */
export function securityHeadersOnRequest(headers: Record<string, string>): onRequestHookHandler {
  return (_req, reply, done) => {
    reply.headers(headers);
    done();
  };
}

/** Security headers on every response (HTML, JSON and errors alike) and the CORS allow-list. */
export const securityPlugin = fp<SecurityOptions>(
  async (app: FastifyInstance, opts) => {
    const { headers } = opts;
    // onRequest, so that every later outcome (404, error, static file) already carries them.
    app.addHook('onRequest', securityHeadersOnRequest(headers));
    await app.register(cors, {
      origin: opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
      credentials: true,
      exposedHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    });
  },
  { name: 'security' },
);
