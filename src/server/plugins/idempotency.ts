import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
} from '../modules/idempotency/idempotency.schema.ts';
import {
  hashRequest,
  type IdempotencyService,
  type ReservationRef,
} from '../modules/idempotency/idempotency.service.ts';

/**
 * `Idempotency-Key` on the routes that set `config: {idempotent: true}` (and declare the header with
 * `idempotencyHeaders`). The key is reserved in the database before the handler runs, so a retry on
 * any instance finds it. A 2xx answer is stored and replayed; any other answer releases the key,
 * since these routes create nothing when they fail and a retry should really run again.
 */
export const idempotencyPlugin = fp<{ idempotency: IdempotencyService }>(
  (app: FastifyInstance, { idempotency }, done) => {
    app.decorateRequest('idempotencyReservation', null);

    async function reserve(req: FastifyRequest, reply: FastifyReply) {
      const key = req.headers[IDEMPOTENCY_KEY_HEADER];
      // The routes require a user; without one there is no scope to keep the key in.
      if (typeof key !== 'string' || !req.actor) return;
      const requestHash = hashRequest({
        method: req.method,
        route: req.routeOptions.url ?? req.url,
        params: req.params,
        body: req.body,
      });
      const begun = await idempotency.begin({ userId: req.actor.userId, key, requestHash });
      if (begun.outcome === 'replay') {
        return reply.code(begun.statusCode).header(IDEMPOTENT_REPLAYED_HEADER, 'true').send(begun.body);
      }
      req.idempotencyReservation = begun.reservation;
    }

    async function settle(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
      const reservation = req.idempotencyReservation;
      if (!reservation) return payload;
      req.idempotencyReservation = null;
      const body = reply.statusCode >= 200 && reply.statusCode < 300 ? jsonOf(payload) : undefined;
      try {
        if (body === undefined) {
          await idempotency.release(reservation);
        } else if (!(await idempotency.complete(reservation, reply.statusCode, body))) {
          req.log.warn(
            { key: reservation.key },
            'idempotency key was taken over before its request finished',
          );
        }
      } catch (err) {
        // The resource exists by now, so answer it; the key stays reserved (409 CONFLICT) until it goes stale.
        req.log.error({ err }, 'storing the idempotent result failed');
      }
      return payload;
    }

    app.addHook('onRoute', (route) => {
      if (!route.config?.idempotent) return;
      // Keys are kept per user, and the key belongs in the route's OpenAPI description.
      if (route.config.auth !== 'required' || !declaresKeyHeader(route)) {
        throw new Error(
          `${String(route.method)} ${route.url}: an idempotent route needs config.auth 'required' and the ` +
            'Idempotency-Key header in its schema (idempotencyHeaders)',
        );
      }
      route.preHandler = [...asArray(route.preHandler), reserve];
      route.onSend = [...asArray(route.onSend), settle];
    });
    done();
  },
  { name: 'idempotency' },
);

/** The stored form of a 2xx payload; undefined when it is not JSON (then nothing is kept). */
function jsonOf(payload: unknown): unknown {
  if (payload === null || payload === undefined || payload === '') return null;
  if (typeof payload !== 'string') return undefined;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return undefined;
  }
}

function declaresKeyHeader(route: RouteOptions): boolean {
  const headers: unknown = route.schema?.headers;
  return headers instanceof z.ZodObject && IDEMPOTENCY_KEY_HEADER in headers.shape;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Takes an Idempotency-Key (plugins/idempotency.ts). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** The key this request holds until its answer is stored or the key released. */
    idempotencyReservation: ReservationRef | null;
  }
}
