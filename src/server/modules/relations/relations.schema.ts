import { z } from 'zod';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import {
  FRIEND_REQUEST_MESSAGE_MAX_LENGTH,
  FRIEND_REQUEST_WHERE_MAX_LENGTH,
} from '../../../contract/rules.ts';
import { friendRequestSchema, listedUserSchema, userSummarySchema } from '../../../contract/social.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';

const tags = ['relations'];

export const usernameParamsSchema = z.object({
  username: z.string().min(1).max(64).describe('A username, in any case'),
});

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
}

/** An idempotent PUT or DELETE on an edge from the caller to another user. */
function edgeSchema(operation: Operation, statuses: Parameters<typeof errorResponses>) {
  return {
    tags,
    ...operation,
    params: usernameParamsSchema,
    response: { 204: noContentSchema, ...errorResponses(...statuses) },
  };
}

export const followSchema = edgeSchema(
  {
    operationId: 'followUser',
    summary: 'Follow a dancer (idempotent)',
    description: 'Following again changes nothing. 403 while you block them, 404 while they block you.',
  },
  [400, 401, 403, 404],
);
export const unfollowSchema = edgeSchema(
  { operationId: 'unfollowUser', summary: 'Stop following a dancer (idempotent)' },
  [400, 401, 404],
);
export const unfriendSchema = edgeSchema(
  { operationId: 'unfriendUser', summary: 'End a friendship, for both of you (idempotent)' },
  [400, 401, 404],
);
export const blockSchema = edgeSchema(
  {
    operationId: 'blockUser',
    summary: 'Block a dancer (idempotent)',
    description: 'Removes the follows both ways, the friendship and open friend requests.',
  },
  [400, 401, 404],
);
export const unblockSchema = edgeSchema(
  {
    operationId: 'unblockUser',
    summary: 'Unblock a dancer (idempotent)',
    description: 'Nothing the block removed comes back.',
  },
  [400, 401, 404],
);
export const muteSchema = edgeSchema(
  { operationId: 'muteUser', summary: 'Mute a dancer, who is not told (idempotent)' },
  [400, 401, 404],
);
export const unmuteSchema = edgeSchema(
  { operationId: 'unmuteUser', summary: 'Unmute a dancer (idempotent)' },
  [400, 401, 404],
);

/** A list of people on another dancer's profile; hidden (404) when a block stands between you. */
function peopleListSchema(operation: Operation) {
  return {
    tags,
    ...operation,
    params: usernameParamsSchema,
    querystring: pageQuerySchema,
    response: { 200: pageEnvelope(listedUserSchema), ...errorResponses(400, 401, 404) },
  };
}

export const listFollowersSchema = peopleListSchema({
  operationId: 'listFollowers',
  summary: 'Who follows a dancer, newest first',
});
export const listFollowingSchema = peopleListSchema({
  operationId: 'listFollowing',
  summary: 'Whom a dancer follows, newest first',
});
export const listFriendsSchema = peopleListSchema({
  operationId: 'listFriends',
  summary: "A dancer's friends, newest friendship first",
});

function myListSchema(operation: Operation) {
  return {
    tags,
    ...operation,
    querystring: pageQuerySchema,
    response: { 200: pageEnvelope(userSummarySchema), ...errorResponses(400, 401) },
  };
}

export const listBlocksSchema = myListSchema({
  operationId: 'listBlockedUsers',
  summary: 'People you block, most recent first',
});
export const listMutesSchema = myListSchema({
  operationId: 'listMutedUsers',
  summary: 'People you mute, most recent first',
});

export { friendRequestSchema };
export type { FriendRequest } from '../../../contract/social.ts';

export const sendFriendRequestBodySchema = z
  .object({
    danced: z.boolean().optional(),
    where: z.string().trim().min(1).max(FRIEND_REQUEST_WHERE_MAX_LENGTH).optional(),
    when: z.iso.date().optional().describe('YYYY-MM-DD, not in the future'),
    message: z.string().trim().min(1).max(FRIEND_REQUEST_MESSAGE_MAX_LENGTH).optional(),
  })
  .strict();
export type SendFriendRequestBody = z.infer<typeof sendFriendRequestBodySchema>;

export const sendFriendRequestSchema = {
  tags,
  operationId: 'sendFriendRequest',
  summary: 'Ask a dancer to be friends',
  description:
    '201 with the new request. 200 with the existing request when yours is already pending (nothing ' +
    'changes). 200 with their request, now accepted, when they had already asked you: you are friends. ' +
    '409 when you are friends already; 403 while you block them; 404 while they block you.',
  params: usernameParamsSchema,
  body: sendFriendRequestBodySchema,
  response: {
    201: dataEnvelope(friendRequestSchema),
    200: dataEnvelope(friendRequestSchema),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};

export const listFriendRequestsSchema = {
  tags,
  operationId: 'listFriendRequests',
  summary: 'Your open friend requests, received or sent, newest first',
  querystring: pageQuerySchema.extend({
    direction: z
      .enum(['incoming', 'outgoing'])
      .default('incoming')
      .describe('incoming: requests you received; outgoing: requests you sent'),
  }),
  response: { 200: pageEnvelope(friendRequestSchema), ...errorResponses(400, 401) },
};

const requestParamsSchema = z.object({ id: z.uuid() });

function answerSchema(operation: Operation) {
  return {
    tags,
    ...operation,
    params: requestParamsSchema,
    response: { 200: dataEnvelope(friendRequestSchema), ...errorResponses(400, 401, 403, 404, 409) },
  };
}

export const acceptFriendRequestSchema = answerSchema({
  operationId: 'acceptFriendRequest',
  summary: 'Accept a request you received; you become friends',
  description: '409 when it is no longer pending.',
});
export const declineFriendRequestSchema = answerSchema({
  operationId: 'declineFriendRequest',
  summary: 'Decline a request you received (the sender is not told)',
  description: '409 when it is no longer pending.',
});

export const cancelFriendRequestSchema = {
  tags,
  operationId: 'cancelFriendRequest',
  summary: 'Withdraw a request you sent',
  description: '409 when it is no longer pending.',
  params: requestParamsSchema,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404, 409) },
};
