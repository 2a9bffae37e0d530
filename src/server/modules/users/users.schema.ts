import { z } from 'zod';
import {
  dataEnvelope,
  errorEnvelopeSchema,
  errorResponses,
  pageEnvelope,
} from '../../../contract/envelope.ts';
import { profileSchema } from '../../../contract/social.ts';
import { memberSchema } from '../../../contract/users.ts';
import { USER_SEARCH_MAX_RESULTS } from '../../../contract/rules.ts';
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
  summary: 'Members, newest first; or a search by name prefix (q)',
  description:
    `Without q: every member, newest first, a page at a time. With q (signed-in callers only): at most ` +
    `${USER_SEARCH_MAX_RESULTS} members whose username, then whose display name, starts with q ignoring ` +
    'case, in name order, in one page (no cursor, no city). Nobody in a block with the caller is listed.',
  querystring: pageQuerySchema
    .extend({
      city: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe('Only members whose city is exactly this (case-sensitive)'),
      q: z
        .string()
        .trim()
        .min(1)
        .max(80)
        .refine((q) => q.replace(/^@/, '').length > 0, 'Type at least one character after "@"')
        .optional()
        .describe('A prefix of a username or display name (a leading "@" is ignored)'),
    })
    .superRefine((query, ctx) => {
      if (query.q === undefined) return;
      for (const key of ['cursor', 'city'] as const) {
        if (query[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: `A search by q takes no ${key}` });
        }
      }
    }),
  response: { 200: pageEnvelope(memberSchema), 400: errorEnvelopeSchema, 401: errorEnvelopeSchema },
};
