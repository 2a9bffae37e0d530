import { z } from 'zod';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import {
  attendeesSchema,
  cancelEventBodySchema,
  createEventBodySchema,
  eventSchema,
  eventTypeSchema,
  invitationsResultSchema,
  inviteBodySchema,
  localDateSchema,
  moveOccurrenceBodySchema,
  myRsvpSchema,
  occurrenceSchema,
  registrationSchema,
  rsvpBodySchema,
  rsvpStateSchema,
  updateEventBodySchema,
} from '../../../contract/events.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';
import { idempotencyHeaders } from '../idempotency/idempotency.schema.ts';
import { isRealDate } from './events.views.ts';

const tags = ['events'];

// Checked here as well as matched, so the database never meets a day that does not exist. (A value
// off the pattern is reported by the pattern alone.)
const realDateSchema = localDateSchema.refine(
  (value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || isRealDate(value),
  'Not a real date',
);

const eventParams = z.object({ id: z.uuid().describe("The event's id") });
const dateQuery = z.object({
  date: realDateSchema.optional().describe('One date of a series; the next one when left out'),
});
const eventResponse = dataEnvelope(eventSchema);
const instant = z.iso
  .datetime({ offset: true })
  .or(realDateSchema)
  .describe('An ISO 8601 instant ("2026-12-01T00:00:00-03:00") or a date (midnight UTC)');

export const createEventSchema = {
  tags,
  operationId: 'createEvent',
  summary: 'Create an event or a series; you become its organiser',
  description:
    'startsAt and endsAt are wall-clock times at the venue in timeZone; recurrence is an RRULE (weekly or ' +
    'monthly). A series is listed EVENT_SERIES_HORIZON_DAYS ahead. credits are told and accept to show it ' +
    'on their résumé.',
  headers: idempotencyHeaders,
  body: createEventBodySchema,
  response: { 201: eventResponse, ...errorResponses(400, 401, 403, 404, 409) },
};

export const listEventsSchema = {
  tags,
  operationId: 'listEvents',
  summary: 'Dates of events in a window, in time order (a calendar)',
  description:
    'Each date of a series is listed (occurrences). from defaults to now, to to 92 days after from; the ' +
    'window is at most 400 days. Events of private groups are listed to their members only.',
  querystring: pageQuerySchema.extend({
    city: z.string().trim().min(1).max(100).optional().describe("A city community's slug"),
    group: z.uuid().optional().describe("A group's id"),
    type: eventTypeSchema.optional(),
    from: instant.optional(),
    to: instant.optional(),
  }),
  response: { 200: pageEnvelope(occurrenceSchema), ...errorResponses(400, 401, 403, 404) },
};

export const listEventDatesSchema = {
  tags,
  operationId: 'listEventDates',
  summary: "An event's dates in a window, in time order (a series' dates)",
  description:
    'from defaults to 12 hours ago (a date under way is still listed), to to 400 days after from. ' +
    'Cancelled and moved dates are listed as such.',
  params: eventParams,
  querystring: pageQuerySchema.extend({ from: instant.optional(), to: instant.optional() }),
  response: { 200: pageEnvelope(occurrenceSchema), ...errorResponses(400, 401, 404) },
};

export const listMyEventsSchema = {
  tags,
  operationId: 'listMyEvents',
  summary: 'The dates you go to, are waitlisted for or are interested in',
  querystring: pageQuerySchema,
  response: {
    200: pageEnvelope(occurrenceSchema.extend({ myStatus: rsvpStateSchema })),
    ...errorResponses(400, 401),
  },
};

export const getEventSchema = {
  tags,
  operationId: 'getEvent',
  summary: 'An event, with its next (or the asked) date and your answer for it',
  params: eventParams,
  querystring: dateQuery,
  response: { 200: eventResponse, ...errorResponses(400, 401, 404) },
};

export const updateEventSchema = {
  tags,
  operationId: 'updateEvent',
  summary: 'Change an event (organisers)',
  description:
    'New times or a new rule re-make the dates: a date no longer in the series goes with its ' +
    'registrations. New limits promote whoever now fits from the waitlists. Those registered are told.',
  params: eventParams,
  body: updateEventBodySchema,
  response: { 200: eventResponse, ...errorResponses(400, 401, 403, 404) },
};

export const deleteEventSchema = {
  tags,
  operationId: 'deleteEvent',
  summary: 'Delete an event with its dates and registrations (its organiser)',
  params: eventParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
};

export const cancelEventSchema = {
  tags,
  operationId: 'cancelEvent',
  summary: 'Cancel one date, or the whole event (organisers)',
  params: eventParams,
  body: cancelEventBodySchema,
  response: { 200: eventResponse, ...errorResponses(400, 401, 403, 404) },
};

export const moveEventDateSchema = {
  tags,
  operationId: 'moveEventDate',
  summary: 'Move one date of a series to other times (organisers)',
  params: eventParams.extend({ date: realDateSchema }),
  body: moveOccurrenceBodySchema,
  response: { 200: eventResponse, ...errorResponses(400, 401, 403, 404) },
};

export const rsvpEventSchema = {
  tags,
  operationId: 'rsvpEvent',
  summary: 'Answer for a date: going, interested or not going',
  description:
    "going answers going, or waitlisted (with your position in your role's waitlist) when a limit would " +
    'break; a place that frees promotes the first waitlisted dancer who fits. With partner, you register ' +
    'as a couple (one place of each role); your partner confirms by answering going. 409 says why: ' +
    'EVENT_DATE_CANCELLED, EVENT_DATE_OVER, or PARTNER_ALREADY_REGISTERED (your partner holds a place already).',
  params: eventParams,
  body: rsvpBodySchema,
  response: { 200: dataEnvelope(myRsvpSchema), ...errorResponses(400, 401, 404, 409) },
};

export const inviteToEventSchema = {
  tags,
  operationId: 'inviteToEvent',
  summary: 'Invite dancers to a date (organisers and dancers going)',
  description:
    'Each dancer named is told once per date: one already invited, going or waitlisted is listed in ' +
    'skipped. An unknown username, or one in a block with you, answers 404 naming the field; a dancer ' +
    "outside a private group's event, or yourself, 400. A cancelled or past date answers 409 " +
    'EVENT_DATE_CANCELLED or EVENT_DATE_OVER.',
  params: eventParams,
  body: inviteBodySchema,
  response: { 200: dataEnvelope(invitationsResultSchema), ...errorResponses(400, 401, 403, 404, 409) },
};

export const eventAttendeesSchema = {
  tags,
  operationId: 'listEventAttendees',
  summary: 'Who comes on a date: counts by role; names for organisers and those going',
  params: eventParams,
  querystring: dateQuery,
  response: { 200: dataEnvelope(attendeesSchema), ...errorResponses(400, 401, 404) },
};

export const eventRegistrationsSchema = {
  tags,
  operationId: 'listEventRegistrations',
  summary: 'Every registration of a date in arrival order, with waitlist places (organisers)',
  params: eventParams,
  querystring: dateQuery,
  response: {
    200: dataEnvelope(z.object({ date: localDateSchema, registrations: z.array(registrationSchema) })),
    ...errorResponses(400, 401, 403, 404),
  },
};

export const acceptEventCreditSchema = {
  tags,
  operationId: 'acceptEventCredit',
  summary: 'Accept your credit on an event: it then shows on your résumé',
  params: eventParams,
  response: { 200: eventResponse, ...errorResponses(400, 401, 404) },
};
