import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorEnvelopeSchema } from '../../../contract/envelope.ts';
import { errors } from '../../lib/errors.ts';

// A load balancer's probe must get an answer even when the database hangs.
const READY_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const statusSchema = z.object({ status: z.literal('ok') });

export const healthRoutes: FastifyPluginAsyncZod<{ ping: () => Promise<void> }> = async (app, { ping }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        operationId: 'checkHealth',
        summary: 'The process is up',
        response: { 200: statusSchema },
      },
      config: { rateLimit: false },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        operationId: 'checkReadiness',
        summary: 'The database answers',
        response: { 200: statusSchema, 503: errorEnvelopeSchema },
      },
    },
    async (req) => {
      try {
        await withTimeout(ping(), READY_TIMEOUT_MS);
      } catch (err) {
        req.log.warn({ err }, 'readiness check failed');
        throw errors.unavailable('The database is not reachable.');
      }
      return { status: 'ok' as const };
    },
  );
};
