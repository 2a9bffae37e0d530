import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import type { CalendarFile, CalendarService } from './calendar.service.ts';
import { getCityCalendarSchema, getEventCalendarSchema, getMyCalendarSchema } from './calendar.schema.ts';
import { attachment } from './downloads.ts';

const icsHeaders = (file: CalendarFile, cacheControl: string) => ({
  'content-type': 'text/calendar; charset=utf-8',
  'content-disposition': attachment(file.name, 'ics'),
  'cache-control': cacheControl,
});

/** Calendars as .ics files: an event, a city's dates and a dancer's own. */
export const calendarRoutes: FastifyPluginAsyncZod<{ calendar: CalendarService }> = async (
  app,
  { calendar },
) => {
  app.get(
    '/events/:id/calendar.ics',
    { schema: getEventCalendarSchema, config: { auth: 'optional' } },
    async (req, reply) => {
      const file = await calendar.eventCalendar(req.actor?.userId ?? null, req.params.id);
      return reply.headers(icsHeaders(file, 'private, no-cache')).send(file.ics);
    },
  );
  // Anonymous, so calendar apps can subscribe; the same for everyone, so shared caches may keep it.
  app.get('/cities/:slug/calendar.ics', { schema: getCityCalendarSchema }, async (req, reply) => {
    const file = await calendar.cityCalendar(req.params.slug);
    return reply.headers(icsHeaders(file, 'public, max-age=300')).send(file.ics);
  });
  app.get(
    '/me/calendar.ics',
    { schema: getMyCalendarSchema, config: { auth: 'required' } },
    async (req, reply) => {
      const file = await calendar.myCalendar(actorOf(req));
      return reply.headers(icsHeaders(file, 'private, no-cache')).send(file.ics);
    },
  );
};
