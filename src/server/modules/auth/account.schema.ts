import {
  changeEmailBodySchema,
  changePasswordBodySchema,
  deleteMeBodySchema,
  meSchema,
} from '../../../contract/auth.ts';
import { dataEnvelope, errorResponses, noContentSchema } from '../../../contract/envelope.ts';

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

export const changeEmailSchema = {
  tags,
  operationId: 'changeEmail',
  summary: 'Change your email address (asks for the password)',
  description:
    'The new address is unverified until the link mailed to it is opened; 409 when another account has it.',
  body: changeEmailBodySchema,
  response: { 200: dataEnvelope(meSchema), ...errorResponses(400, 401, 409, 429) },
};
