import { meSchema, updateMeBodySchema } from '../../../contract/auth.ts';
import { dataEnvelope, errorResponses } from '../../../contract/envelope.ts';

const tags = ['me'];

export const getMeSchema = {
  tags,
  operationId: 'getMe',
  summary: 'Your own account, with the private fields',
  response: { 200: dataEnvelope(meSchema), ...errorResponses(401) },
};

export const updateMeSchema = {
  tags,
  operationId: 'updateMe',
  summary: 'Update your profile and settings',
  description: 'Fields left out stay unchanged; null clears a field.',
  body: updateMeBodySchema,
  response: { 200: dataEnvelope(meSchema), ...errorResponses(400, 401) },
};
