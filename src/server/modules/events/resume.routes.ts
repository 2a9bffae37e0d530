import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listResumeSchema } from './resume.schema.ts';
import type { ResumeService } from './resume.service.ts';

/** A dancer's tango résumé, from the credits of events. */
export const resumeRoutes: FastifyPluginAsyncZod<{ resume: ResumeService }> = async (app, { resume }) => {
  app.get(
    '/users/:username/resume',
    { schema: listResumeSchema, config: { auth: 'optional' } },
    async (req) => {
      const page = await resume.getResume(req.actor?.userId ?? null, req.params.username, req.query);
      return { data: page.items, meta: page.meta };
    },
  );
};
