import { z } from 'zod';
import {
  dataEnvelope,
  errorEnvelopeSchema,
  errorResponses,
  pageEnvelope,
} from '../../../contract/envelope.ts';
import { profileSchema } from '../../../contract/social.ts';
import { publicUserSchema } from '../../../contract/users.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';

export const getUserSchema = {
  tags: ['users'],
  operationId: 'getProfile',
  summary: "A dancer's profile, with counts and how you relate to them",
  description:
    'relationship is null for anonymous callers. A dancer you block, or who blocks you, is answered with ' +
    '404 like an unknown username.',
  params: z.object({ username: z.string().min(1).max(64).describe('A username, in any case') }),
  response: { 200: dataEnvelope(profileSchema), ...errorResponses(400, 401, 404) },
};

export const listUsersSchema = {
  tags: ['users'],
  operationId: 'listMembers',
  summary: 'Members, newest first',
  querystring: pageQuerySchema.extend({
    city: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('Only members whose city is exactly this (case-sensitive)'),
  }),
  response: { 200: pageEnvelope(publicUserSchema), 400: errorEnvelopeSchema, 401: errorEnvelopeSchema },
};
