import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import { createReportSchema, listReportsSchema, resolveReportSchema } from './reports.schema.ts';
import type { ReportsService } from './reports.service.ts';

export const reportsRoutes: FastifyPluginAsyncZod<{ reports: ReportsService }> = async (app, { reports }) => {
  app.post(
    '/reports',
    { schema: createReportSchema, config: { auth: 'required', idempotent: true } },
    async (req, reply) => {
      const { report, created } = await reports.create(actorOf(req), req.body);
      return reply.code(created ? 201 : 200).send({ data: report });
    },
  );

  app.get('/reports', { schema: listReportsSchema, config: { auth: 'required' } }, async (req) => {
    const page = await reports.list(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });

  app.post(
    '/reports/:id/resolve',
    { schema: resolveReportSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await reports.resolve(actorOf(req), req.params.id, req.body),
    }),
  );
};
