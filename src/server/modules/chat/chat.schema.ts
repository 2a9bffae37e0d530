import { z } from 'zod';
import {
  GROUP_MAX_MEMBERS,
  GROUP_NAME_MAX_LENGTH,
  clientMessageIdSchema,
  memberWithMarksSchema,
  conversationSchema,
  createConversationSchema,
  messageBodySchema,
  messageSchema,
  receiptSchema,
} from '../../../contract/chat.ts';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import { pageLimitSchema, pageQuerySchema } from '../../lib/pagination.ts';
import { idempotencyHeaders } from '../idempotency/idempotency.schema.ts';

const tags = ['chat'];

export const listMessagesQuerySchema = z
  .object({
    before: z.uuid().optional().describe('Older than this message, newest first'),
    after: z.uuid().optional().describe('Newer than this message, oldest first'),
    limit: pageLimitSchema,
  })
  .refine((q) => q.before === undefined || q.after === undefined, {
    path: ['after'],
    message: 'Use either before or after, not both',
  });
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export const postMessageBodySchema = z.strictObject({
  clientMessageId: clientMessageIdSchema,
  body: messageBodySchema,
});
export const editMessageBodySchema = z.strictObject({ body: messageBodySchema });
export const readBodySchema = z.strictObject({ messageId: z.uuid() });
export const addMembersBodySchema = z.strictObject({
  userIds: z
    .array(z.uuid())
    .min(1)
    .max(GROUP_MAX_MEMBERS - 1),
});
export const renameBodySchema = z.strictObject({ name: z.string().trim().min(1).max(GROUP_NAME_MAX_LENGTH) });

const conversationParams = z.object({ id: z.uuid() });
const messageParams = z.object({ id: z.uuid() });
const memberParams = z.object({ id: z.uuid(), userId: z.uuid() });

export const createConversationRouteSchema = {
  tags,
  operationId: 'createConversation',
  summary: 'Start a direct conversation (at most one per pair) or a group',
  description:
    'A direct conversation that already exists between the two is returned with 200 instead of 201. ' +
    'Refused with 403 FORBIDDEN when a block stands between any two of its members, and with 403 NOT_ALLOWED ' +
    "when a member's directMessages setting does not accept the creator (details name each by body.memberIds.<i>).",
  headers: idempotencyHeaders,
  body: createConversationSchema,
  response: {
    200: dataEnvelope(conversationSchema),
    201: dataEnvelope(conversationSchema),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};

export const listConversationsRouteSchema = {
  tags,
  operationId: 'listConversations',
  summary: 'My conversations, most recent activity first',
  querystring: pageQuerySchema,
  response: { 200: pageEnvelope(conversationSchema), ...errorResponses(400, 401) },
};

export const getConversationRouteSchema = {
  tags,
  operationId: 'getConversation',
  summary: 'One of my conversations',
  params: conversationParams,
  response: { 200: dataEnvelope(conversationSchema), ...errorResponses(400, 401, 404) },
};

export const listMessagesRouteSchema = {
  tags,
  operationId: 'listMessages',
  summary: 'History of a conversation',
  description:
    'Without before/after: the latest messages, newest first. meta.nextCursor is the id of the last message ' +
    'of the page: pass it as before (or after) to continue in the same direction.',
  params: conversationParams,
  querystring: listMessagesQuerySchema,
  response: { 200: pageEnvelope(messageSchema), ...errorResponses(400, 401, 404) },
};

export const postMessageRouteSchema = {
  tags,
  operationId: 'sendMessage',
  summary: 'Send a message to a conversation',
  description:
    '201 with the new message; 200 with the message a retry with the same clientMessageId already made. ' +
    'Sending is limited per user, across HTTP and sockets (429 with Retry-After).',
  params: conversationParams,
  body: postMessageBodySchema,
  response: {
    200: dataEnvelope(messageSchema),
    201: dataEnvelope(messageSchema),
    ...errorResponses(400, 401, 403, 404, 429),
  },
};

export const editMessageRouteSchema = {
  tags,
  operationId: 'editMessage',
  summary: 'Edit your message',
  params: messageParams,
  body: editMessageBodySchema,
  response: { 200: dataEnvelope(messageSchema), ...errorResponses(400, 401, 403, 404, 409) },
};

export const deleteMessageRouteSchema = {
  tags,
  operationId: 'deleteMessage',
  summary: 'Delete your message; it stays in the history with an empty body',
  params: messageParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
};

export const readRouteSchema = {
  tags,
  operationId: 'markConversationRead',
  summary: 'Mark the conversation read up to a message',
  description: 'The mark only moves forward: an older message leaves it where it is.',
  params: conversationParams,
  body: readBodySchema,
  response: { 200: dataEnvelope(receiptSchema), ...errorResponses(400, 401, 404) },
};

export const addMembersRouteSchema = {
  tags,
  operationId: 'addConversationMembers',
  summary: 'Add members to a group (admins)',
  description:
    'Refused with 403 FORBIDDEN when a block stands between a newcomer and anyone in the group, and with 403 ' +
    "NOT_ALLOWED when a newcomer's directMessages setting does not accept the admin (details: body.userIds.<i>).",
  params: conversationParams,
  body: addMembersBodySchema,
  response: { 200: dataEnvelope(conversationSchema), ...errorResponses(400, 401, 403, 404, 409) },
};

export const removeMemberRouteSchema = {
  tags,
  operationId: 'removeConversationMember',
  summary: 'Remove a member from a group (admins, or the member themself)',
  params: memberParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404, 409) },
};

export const leaveRouteSchema = {
  tags,
  operationId: 'leaveConversation',
  summary: 'Leave a group',
  params: conversationParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 404, 409) },
};

export const renameRouteSchema = {
  tags,
  operationId: 'renameConversation',
  summary: 'Rename a group (admins)',
  params: conversationParams,
  body: renameBodySchema,
  response: { 200: dataEnvelope(conversationSchema), ...errorResponses(400, 401, 403, 404, 409) },
};

export const listMembersRouteSchema = {
  tags,
  operationId: 'listConversationMembers',
  summary: 'Members of one of my conversations, with their read and delivered marks',
  description: 'In joining order.',
  params: conversationParams,
  querystring: pageQuerySchema,
  response: { 200: pageEnvelope(memberWithMarksSchema), ...errorResponses(400, 401, 404) },
};
