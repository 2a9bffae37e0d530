import { changePasswordBodySchema, deleteMeBodySchema } from '../../../contract/auth.ts';
import { errorResponses, noContentSchema } from '../../../contract/envelope.ts';

// Under /me with the profile routes (users module), but they check the password: auth's business.
const tags = ['me'];

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
