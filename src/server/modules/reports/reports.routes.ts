import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import { createReportSchema, listReportsSchema, resolveReportSchema } from './reports.schema.ts';
import type { ReportsService } from './reports.service.ts';

export const reportsRoutes: FastifyPluginAsyncZod<{ reports: ReportsService }> = async (app, { reports }) => {
  app.addHook('onRequest', app.requireUser);

  app.post('/reports', { schema: createReportSchema }, async (req, reply) => {
    const { report, created } = await reports.create(actorOf(req), req.body);
    return reply.code(created ? 201 : 200).send({ data: report });
  });

  app.get('/reports', { schema: listReportsSchema }, async (req) => {
    const page = await reports.list(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });

  app.post('/reports/:id/resolve', { schema: resolveReportSchema }, async (req) => ({
    data: await reports.resolve(actorOf(req), req.params.id, req.body),
  }));
};
