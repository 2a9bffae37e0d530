import { z } from 'zod';
import { resumeEntrySchema } from '../../../contract/events.ts';
import { errorResponses, pageEnvelope } from '../../../contract/envelope.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';

export const listResumeSchema = {
  tags: ['events'],
  operationId: 'listResumeEntries',
  summary: "A dancer's tango résumé: the credits they accepted, latest event first",
  description:
    'Each entry is one credit (teacher, DJ, performer, musician, organiser) on an event, shown once the ' +
    'dancer accepted it. Events of private groups you do not belong to are left out. A dancer you block, ' +
    'or who blocks you, is answered with 404 like an unknown username.',
  params: z.object({ username: z.string().min(1).max(64).describe('A username, in any case') }),
  querystring: pageQuerySchema,
  response: { 200: pageEnvelope(resumeEntrySchema), ...errorResponses(400, 401, 404) },
};
