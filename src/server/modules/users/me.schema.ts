import {
  changePasswordBodySchema,
  deleteMeBodySchema,
  meSchema,
  updateMeBodySchema,
} from '../../../contract/auth.ts';
import { dataEnvelope, errorResponses, noContentSchema } from '../../../contract/envelope.ts';

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

export const changePasswordSchema = {
  tags,
  operationId: 'changePassword',
  summary: 'Change your password; every other session is signed out',
  body: changePasswordBodySchema,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 429) },
};

export const deleteMeSchema = {
  tags,
  operationId: 'deleteAccount',
  summary: 'Delete your account and everything in it (asks for the password)',
  body: deleteMeBodySchema,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 429) },
};
