import { z } from 'zod';
import { dataEnvelope, errorEnvelopeSchema, pageEnvelope } from '../../../contract/envelope.ts';
import { publicUserSchema } from '../../../contract/users.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';

export const getUserSchema = {
  tags: ['users'],
  summary: "A dancer's public profile",
  params: z.object({ username: z.string().min(1).max(64) }),
  response: { 200: dataEnvelope(publicUserSchema), 400: errorEnvelopeSchema, 404: errorEnvelopeSchema },
};

export const listUsersSchema = {
  tags: ['users'],
  summary: 'Members, newest first',
  querystring: pageQuerySchema.extend({ city: z.string().trim().min(1).max(100).optional() }),
  response: { 200: pageEnvelope(publicUserSchema), 400: errorEnvelopeSchema },
};
