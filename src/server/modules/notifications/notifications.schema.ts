import { z } from 'zod';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import { notificationSchema } from '../../../contract/social.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';

const tags = ['notifications'];

export const listNotificationsSchema = {
  tags,
  operationId: 'listNotifications',
  summary: 'Your notifications, newest first',
  description: 'A grouped notification (reactions to one memory) comes back to the top when it grows.',
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
  operationId: 'countUnreadNotifications',
  summary: 'How many of your notifications are unread',
  response: {
    200: dataEnvelope(z.object({ count: z.number().int() })),
    ...errorResponses(401),
  },
};

export const markReadSchema = {
  tags,
  operationId: 'markNotificationRead',
  summary: 'Mark one notification read (again is fine)',
  params: z.object({ id: z.uuid() }),
  response: { 204: noContentSchema, ...errorResponses(400, 401, 404) },
};

export const markAllReadSchema = {
  tags,
  operationId: 'markAllNotificationsRead',
  summary: 'Mark all your notifications read',
  response: { 204: noContentSchema, ...errorResponses(401) },
};
