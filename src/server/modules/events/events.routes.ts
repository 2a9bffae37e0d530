import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createKeptJson } from '../../lib/kept-json.ts';
import { actorOf } from '../../plugins/auth.ts';
import {
  acceptEventCreditSchema,
  cancelEventSchema,
  createEventSchema,
  deleteEventSchema,
  eventAttendeesSchema,
  eventRegistrationsSchema,
  getEventSchema,
  listEventsSchema,
  listEventDatesSchema,
  listMyEventsSchema,
  moveEventDateSchema,
  inviteToEventSchema,
  rsvpEventSchema,
  updateEventSchema,
} from './events.schema.ts';
import type { EventsService } from './events.service.ts';

const viewerOf = (req: { actor: { userId: string } | null }) => req.actor?.userId ?? null;

/** Events: creating and changing them, calendars, RSVPs and who comes. */
export const eventsRoutes: FastifyPluginAsyncZod<{ events: EventsService }> = async (app, { events }) => {
  app.post(
    '/events',
    { schema: createEventSchema, config: { auth: 'required', idempotent: true } },
    async (req, reply) => reply.code(201).send({ data: await events.createEvent(actorOf(req), req.body) }),
  );
  // A kept calendar page is the same object for every dancer who reads it: written to JSON and
  // compressed once.
  const sendKept = createKeptJson();
  app.get('/events', { schema: listEventsSchema, config: { auth: 'optional' } }, async (req, reply) => {
    const page = await events.listOccurrences(viewerOf(req), req.query);
    return sendKept(req, reply, page, { data: page.items, meta: page.meta });
  });
  app.get('/me/events', { schema: listMyEventsSchema, config: { auth: 'required' } }, async (req) => {
    const page = await events.listMyOccurrences(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/events/:id', { schema: getEventSchema, config: { auth: 'optional' } }, async (req) => ({
    data: await events.getEvent(viewerOf(req), req.params.id, req.query.date),
  }));
  app.get(
    '/events/:id/dates',
    { schema: listEventDatesSchema, config: { auth: 'optional' } },
    async (req) => {
      const page = await events.listEventDates(viewerOf(req), req.params.id, req.query);
      return { data: page.items, meta: page.meta };
    },
  );
  app.patch('/events/:id', { schema: updateEventSchema, config: { auth: 'required' } }, async (req) => ({
    data: await events.updateEvent(actorOf(req), req.params.id, req.body),
  }));
  app.delete(
    '/events/:id',
    { schema: deleteEventSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await events.deleteEvent(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/events/:id/cancel',
    { schema: cancelEventSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await events.cancel(actorOf(req), req.params.id, req.body.date),
    }),
  );
  app.put(
    '/events/:id/dates/:date',
    { schema: moveEventDateSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await events.moveDate(actorOf(req), req.params.id, req.params.date, req.body),
    }),
  );
  app.put('/events/:id/rsvp', { schema: rsvpEventSchema, config: { auth: 'required' } }, async (req) => ({
    data: await events.rsvp(actorOf(req), req.params.id, req.body),
  }));
  app.post(
    '/events/:id/invitations',
    { schema: inviteToEventSchema, config: { auth: 'required' } },
    async (req) => ({ data: await events.invite(actorOf(req), req.params.id, req.body) }),
  );
  app.get(
    '/events/:id/attendees',
    { schema: eventAttendeesSchema, config: { auth: 'optional' } },
    async (req) => ({ data: await events.attendees(viewerOf(req), req.params.id, req.query.date) }),
  );
  app.get(
    '/events/:id/registrations',
    { schema: eventRegistrationsSchema, config: { auth: 'required' } },
    async (req) => {
      const { date, items } = await events.registrations(actorOf(req), req.params.id, req.query.date);
      return { data: { date, registrations: items } };
    },
  );
  app.post(
    '/events/:id/credits/accept',
    { schema: acceptEventCreditSchema, config: { auth: 'required' } },
    async (req) => ({ data: await events.acceptCredit(actorOf(req), req.params.id) }),
  );
};
