import { z } from 'zod';
import {
  authResultSchema,
  emailSchema,
  loginBodySchema,
  newPasswordSchema,
  registerBodySchema,
  sessionSchema,
} from '../../../contract/auth.ts';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';

const tags = ['auth'];

const refreshBody = z
  .object({
    refreshToken: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('For clients that keep the refresh token themselves; browsers send the cookie instead'),
  })
  .nullish();

export const registerSchema = {
  tags,
  operationId: 'registerAccount',
  summary: 'Create an account and sign in',
  body: registerBodySchema,
  response: { 201: dataEnvelope(authResultSchema), ...errorResponses(400, 409, 429) },
};

export const loginSchema = {
  tags,
  operationId: 'signIn',
  summary: 'Sign in with email or username and password',
  body: loginBodySchema,
  response: { 200: dataEnvelope(authResultSchema), ...errorResponses(400, 401, 429) },
};

export const refreshSchema = {
  tags,
  operationId: 'refreshTokens',
  summary: 'Exchange the refresh token for new access and refresh tokens',
  description:
    'The refresh token comes from the cookie (browsers; needs the X-CSRF-Token header) or from ' +
    'refreshToken in the body. The old refresh token is retired; presenting it again more than 15 s after ' +
    'its rotation revokes the whole session.',
  body: refreshBody,
  response: { 200: dataEnvelope(authResultSchema), ...errorResponses(400, 401, 403, 429) },
};

export const logoutSchema = {
  tags,
  operationId: 'signOut',
  summary: 'Sign out this session',
  description:
    'Identifies the session by the bearer token, the refresh cookie (with X-CSRF-Token) or refreshToken ' +
    'in the body.',
  body: refreshBody,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 429) },
};

export const logoutAllSchema = {
  ...logoutSchema,
  operationId: 'signOutEverywhere',
  summary: 'Sign out every session of the account',
};

export const listSessionsSchema = {
  tags,
  operationId: 'listSessions',
  summary: 'The signed-in devices of the account, newest first',
  querystring: pageQuerySchema,
  response: { 200: pageEnvelope(sessionSchema), ...errorResponses(400, 401, 429) },
};

export const revokeSessionSchema = {
  tags,
  operationId: 'revokeSession',
  summary: 'Sign out one device',
  params: z.object({ id: z.uuid() }),
  response: { 204: noContentSchema, ...errorResponses(400, 401, 404, 429) },
};

export const csrfSchema = {
  tags,
  operationId: 'issueCsrfToken',
  summary: "Issue a CSRF token for the refresh cookie's session (also set as a cookie)",
  description:
    'The token is bound to the session of the refresh cookie the request carries; without one this answers ' +
    '401. The CSRF cookie is abrazo_csrf, or __Host-abrazo_csrf when the API is served over HTTPS.',
  response: { 200: dataEnvelope(z.object({ csrfToken: z.string() })), ...errorResponses(429) },
};

export const forgotPasswordSchema = {
  tags,
  operationId: 'requestPasswordReset',
  summary: 'Mail a password reset link',
  description: 'Answers 202 whether or not an account uses the address.',
  body: z.object({ email: emailSchema }),
  response: { 202: dataEnvelope(z.object({ accepted: z.literal(true) })), ...errorResponses(400, 429) },
};

export const resetPasswordSchema = {
  tags,
  operationId: 'resetPassword',
  summary: 'Set a new password with a mailed reset token; signs out every session',
  body: z.object({ token: z.string().min(1).max(200), password: newPasswordSchema }),
  response: { 204: noContentSchema, ...errorResponses(400, 429) },
};

export const verifyEmailSchema = {
  tags,
  operationId: 'verifyEmail',
  summary: 'Confirm the email address with a mailed token',
  body: z.object({ token: z.string().min(1).max(200) }),
  response: { 204: noContentSchema, ...errorResponses(400, 429) },
};

export const resendVerificationSchema = {
  tags,
  operationId: 'resendVerificationEmail',
  summary: 'Mail a new verification link',
  response: { 202: dataEnvelope(z.object({ accepted: z.literal(true) })), ...errorResponses(401, 409, 429) },
};
