import { z } from 'zod';
import { CITY_QUERY_MAX_LENGTH } from '../../../contract/cities.ts';
import { errorResponses } from '../../../contract/envelope.ts';

const tags = ['events'];

/** A 200 whose body is an iCalendar file rather than JSON. */
const icsResponse = {
  description: 'An iCalendar (RFC 5545) file; times are local to each venue, with its VTIMEZONE',
  content: { 'text/calendar': { schema: z.string().describe('iCalendar text') } },
};

export const getEventCalendarSchema = {
  tags,
  operationId: 'getEventCalendar',
  summary: 'An event as an iCalendar file, a series as one repeating entry',
  description:
    'A series is one VEVENT with its RRULE; cancelled dates are EXDATEs and a moved date is a VEVENT ' +
    'with RECURRENCE-ID. A cancelled event has STATUS:CANCELLED. Seen by whoever sees the event.',
  params: z.object({ id: z.uuid().describe("The event's id") }),
  response: { 200: icsResponse, ...errorResponses(400, 401, 404) },
};

export const getCityCalendarSchema = {
  tags,
  operationId: 'getCityCalendar',
  summary: "A city's dates as an iCalendar file to subscribe to",
  description:
    'One VEVENT per date, from 30 days ago to the series horizon; cancelled dates have STATUS:CANCELLED. ' +
    'Events of private groups are left out. Cached publicly for 5 minutes.',
  params: z.object({
    slug: z.string().trim().min(1).max(CITY_QUERY_MAX_LENGTH).describe('A city\'s slug ("buenos-aires-ar")'),
  }),
  response: { 200: icsResponse, ...errorResponses(400, 404) },
};

export const getMyCalendarSchema = {
  tags,
  operationId: 'getMyCalendar',
  summary: 'The dates you go to or are waitlisted for, as an iCalendar file',
  description:
    'One VEVENT per date from 30 days ago on: STATUS:CONFIRMED going, TENTATIVE waitlisted, CANCELLED ' +
    'when the organisers cancelled it.',
  response: { 200: icsResponse, ...errorResponses(401) },
};
