import { z } from 'zod';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import { notificationSchema } from '../../../contract/social.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';

const tags = ['notifications'];
const security = [{ bearerAuth: [] }];

export const listNotificationsSchema = {
  tags,
  security,
  summary: 'Your notifications, newest first; grouped reactions come back to the top when they grow',
  querystring: pageQuerySchema.extend({
    unread: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true')
      .describe('"true": only the unread ones'),
  }),
  response: { 200: pageEnvelope(notificationSchema), ...errorResponses(400, 401) },
};

export const unreadCountSchema = {
  tags,
  security,
  summary: 'How many of your notifications are unread',
  response: {
    200: dataEnvelope(z.object({ count: z.number().int() })),
    ...errorResponses(401),
  },
};

export const markReadSchema = {
  tags,
  security,
  summary: 'Mark one notification read (again is fine)',
  params: z.object({ id: z.uuid() }),
  response: { 204: noContentSchema, ...errorResponses(400, 401, 404) },
};

export const markAllReadSchema = {
  tags,
  security,
  summary: 'Mark all your notifications read',
  response: { 204: noContentSchema, ...errorResponses(401) },
};
