import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorEnvelopeSchema } from '../../../contract/envelope.ts';
import { errors } from '../../lib/errors.ts';

const statusSchema = z.object({ status: z.literal('ok') });

export const healthRoutes: FastifyPluginAsyncZod<{ ping: () => Promise<void> }> = async (app, { ping }) => {
  app.get(
    '/healthz',
    {
      schema: { tags: ['health'], summary: 'The process is up', response: { 200: statusSchema } },
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
        summary: 'The database answers',
        response: { 200: statusSchema, 503: errorEnvelopeSchema },
      },
    },
    async (req) => {
      try {
        await ping();
      } catch (err) {
        req.log.warn({ err }, 'readiness check failed');
        throw errors.unavailable('The database is not reachable.');
      }
      return { status: 'ok' as const };
    },
  );
};
