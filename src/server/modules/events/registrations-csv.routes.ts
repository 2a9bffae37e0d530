import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import { attachment } from './downloads.ts';
import type { EventsService } from './events.service.ts';
import { registrationsCsv } from './registrations-csv.ts';
import { getRegistrationsCsvSchema } from './registrations-csv.schema.ts';

/** The organisers' download of a date's registrations, for a spreadsheet. */
export const registrationsCsvRoutes: FastifyPluginAsyncZod<{ events: EventsService }> = async (
  app,
  { events },
) => {
  app.get(
    '/events/:id/registrations.csv',
    { schema: getRegistrationsCsvSchema, config: { auth: 'required' } },
    async (req, reply) => {
      const { date, items } = await events.registrations(actorOf(req), req.params.id, req.query.date);
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': attachment(`registrations-${date}`, 'csv'),
          'cache-control': 'private, no-store',
        })
        .send(registrationsCsv(items));
    },
  );
};
