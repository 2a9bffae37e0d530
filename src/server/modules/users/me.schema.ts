import {
  changePasswordBodySchema,
  deleteMeBodySchema,
  meSchema,
  updateMeBodySchema,
} from '../../../contract/auth.ts';
import { dataEnvelope, errorResponses, noContentSchema } from '../../../contract/envelope.ts';

const tags = ['me'];
const security = [{ bearerAuth: [] }];

export const getMeSchema = {
  tags,
  security,
  summary: 'Your own account, with the private fields',
  response: { 200: dataEnvelope(meSchema), ...errorResponses(401) },
};

export const updateMeSchema = {
  tags,
  security,
  summary: 'Update your profile; omitted fields stay unchanged, null clears a field',
  body: updateMeBodySchema,
  response: { 200: dataEnvelope(meSchema), ...errorResponses(400, 401) },
};

export const changePasswordSchema = {
  tags,
  security,
  summary: 'Change your password; every other session is signed out',
  body: changePasswordBodySchema,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 429) },
};

export const deleteMeSchema = {
  tags,
  security,
  summary: 'Delete your account and everything in it (asks for the password)',
  body: deleteMeBodySchema,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 429) },
};
