import { z } from 'zod';
import { localDateSchema } from '../../../contract/events.ts';
import { errorResponses } from '../../../contract/envelope.ts';
import { isRealDate } from './events.views.ts';

export const getRegistrationsCsvSchema = {
  tags: ['events'],
  operationId: 'getEventRegistrationsCsv',
  summary: "A date's registrations as a CSV file, in arrival order (organisers)",
  description:
    'Columns: username, display name, status, role, waitlist position, partner, partner confirmed, ' +
    'registered at. UTF-8 with a BOM; a cell starting with = + - or @ is prefixed with an apostrophe.',
  params: z.object({ id: z.uuid().describe("The event's id") }),
  querystring: z.object({
    date: localDateSchema
      .refine((value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || isRealDate(value), 'Not a real date')
      .optional()
      .describe('One date of a series; the next one when left out'),
  }),
  response: {
    200: {
      description: 'A CSV file (RFC 4180) with a header row',
      content: { 'text/csv': { schema: z.string().describe('CSV text') } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
};
