import { z } from 'zod';
import {
  changePasswordBodySchema,
  deleteMeBodySchema,
  meSchema,
  updateMeBodySchema,
} from '../../../contract/auth.ts';
import { dataEnvelope, errorEnvelopeSchema } from '../../../contract/envelope.ts';

const tags = ['me'];
const security = [{ bearerAuth: [] }];
const noContent = z.null().describe('No content');

export const getMeSchema = {
  tags,
  security,
  summary: 'Your own account, with the private fields',
  response: { 200: dataEnvelope(meSchema), 401: errorEnvelopeSchema },
};

export const updateMeSchema = {
  tags,
  security,
  summary: 'Update your profile; omitted fields stay unchanged, null clears a field',
  body: updateMeBodySchema,
  response: { 200: dataEnvelope(meSchema), 400: errorEnvelopeSchema, 401: errorEnvelopeSchema },
};

export const changePasswordSchema = {
  tags,
  security,
  summary: 'Change your password; every other session is signed out',
  body: changePasswordBodySchema,
  response: { 204: noContent, 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 429: errorEnvelopeSchema },
};

export const deleteMeSchema = {
  tags,
  security,
  summary: 'Delete your account and everything in it (asks for the password)',
  body: deleteMeBodySchema,
  response: { 204: noContent, 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 429: errorEnvelopeSchema },
};
