import { z } from 'zod';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import {
  createGroupBodySchema,
  groupBanSchema,
  groupMemberSchema,
  groupRequestSchema,
  groupSchema,
  setGroupRoleBodySchema,
  updateGroupBodySchema,
} from '../../../contract/groups.ts';
import { GROUP_NAME_MAX_LENGTH } from '../../../contract/rules.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';
import { idempotencyHeaders } from '../idempotency/idempotency.schema.ts';

const tags = ['groups'];

const groupParams = z.object({ id: z.uuid().describe("The group's id") });
const groupUserParams = groupParams.extend({ userId: z.uuid().describe("The dancer's id") });
const groupResponse = dataEnvelope(groupSchema);
const groupPage = pageEnvelope(groupSchema);

export const createGroupSchema = {
  tags,
  operationId: 'createGroup',
  summary: 'Start a group; you become its owner',
  description: 'city is the slug of a city community; an unknown one answers 400 on body.city.',
  headers: idempotencyHeaders,
  body: createGroupBodySchema,
  response: { 201: groupResponse, ...errorResponses(400, 401, 409) },
};

export const listGroupsSchema = {
  tags,
  operationId: 'listGroups',
  summary: 'Groups in name order; in one city, or whose name starts with q',
  description:
    'Private groups are listed too, with their name, description and size. q matches the start of the ' +
    'name ignoring case, accents and extra spaces.',
  querystring: pageQuerySchema.extend({
    city: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('A city community\'s slug ("buenos-aires-ar")'),
    q: z
      .string()
      .trim()
      .min(1)
      .max(GROUP_NAME_MAX_LENGTH)
      .optional()
      .describe('The first letters of a group name'),
  }),
  response: { 200: groupPage, ...errorResponses(400, 401) },
};

export const listMyGroupsSchema = {
  tags,
  operationId: 'listMyGroups',
  summary: 'The groups you are a member of, in name order',
  description: 'Groups you asked to join and were not yet let into are not listed.',
  querystring: pageQuerySchema,
  response: { 200: groupPage, ...errorResponses(400, 401) },
};

export const getGroupSchema = {
  tags,
  operationId: 'getGroup',
  summary: 'A group, with your standing in it',
  description: 'viewer is null for anonymous callers.',
  params: groupParams,
  response: { 200: groupResponse, ...errorResponses(400, 401, 404) },
};

export const updateGroupSchema = {
  tags,
  operationId: 'updateGroup',
  summary: "Change a group's name, description, visibility or city (owner, admins)",
  description: 'Made public, a private group takes every pending request as a member.',
  params: groupParams,
  body: updateGroupBodySchema,
  response: { 200: groupResponse, ...errorResponses(400, 401, 403, 404) },
};

export const deleteGroupSchema = {
  tags,
  operationId: 'deleteGroup',
  summary: 'Delete a group with its memberships, requests and bans (owner)',
  params: groupParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
};

export const joinGroupSchema = {
  tags,
  // "create" the membership: a member of a public group at once, a pending request for a private one.
  operationId: 'createGroupMembership',
  summary: 'Join a group, or ask to join a private one (idempotent)',
  description: 'Answers the group with your standing in it. 403 when you are banned from it.',
  params: groupParams,
  response: { 200: groupResponse, ...errorResponses(400, 401, 403, 404) },
};

export const leaveGroupSchema = {
  tags,
  operationId: 'leaveGroup',
  summary: 'Leave a group, or withdraw your request to join (idempotent)',
  description: 'The owner cannot leave (409): hand the group to another member first.',
  params: groupParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 404, 409) },
};

export const listGroupMembersSchema = {
  tags,
  operationId: 'listGroupMembers',
  summary: 'Members: owner, admins, moderators, members, longest-serving first',
  description:
    "A private group's members are listed to its members only (403). Nobody in a block with you is listed.",
  params: groupParams,
  querystring: pageQuerySchema,
  response: { 200: pageEnvelope(groupMemberSchema), ...errorResponses(400, 401, 403, 404) },
};

export const setGroupMemberRoleSchema = {
  tags,
  operationId: 'changeGroupMemberRole',
  summary: "Change a member's role (owner: any; admins: moderator or member)",
  description:
    'Setting owner hands the group over: the old owner becomes an admin. Admins change only members ' +
    'below admin. 404 when the dancer is not a member.',
  params: groupUserParams,
  body: setGroupRoleBodySchema,
  response: { 200: dataEnvelope(groupMemberSchema), ...errorResponses(400, 401, 403, 404, 409) },
};

export const listGroupRequestsSchema = {
  tags,
  operationId: 'listGroupRequests',
  summary: 'Requests to join, oldest first (owner, admins, moderators)',
  params: groupParams,
  querystring: pageQuerySchema,
  response: { 200: pageEnvelope(groupRequestSchema), ...errorResponses(400, 401, 403, 404) },
};

export const approveGroupRequestSchema = {
  tags,
  operationId: 'acceptGroupRequest',
  summary: 'Let a dancer who asked into the group (owner, admins, moderators)',
  description: '404 when the dancer has no pending request.',
  params: groupUserParams,
  response: { 201: dataEnvelope(groupMemberSchema), ...errorResponses(400, 401, 403, 404) },
};

export const declineGroupRequestSchema = {
  tags,
  operationId: 'declineGroupRequest',
  summary: 'Turn a request to join down (owner, admins, moderators)',
  description: '404 when the dancer has no pending request.',
  params: groupUserParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
};

export const banGroupUserSchema = {
  tags,
  operationId: 'addGroupBan',
  summary: 'Ban a dancer from a group (owner, admins, moderators; idempotent)',
  description:
    'Only a dancer of a lower role than yours, member or not. Their membership or request goes, and ' +
    'they cannot join or ask again until the ban is lifted.',
  params: groupUserParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
};

export const unbanGroupUserSchema = {
  tags,
  operationId: 'removeGroupBan',
  summary: 'Lift a ban (owner, admins, moderators; idempotent)',
  params: groupUserParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
};

export const listGroupBansSchema = {
  tags,
  operationId: 'listGroupBans',
  summary: 'The dancers banned from a group, latest first (owner, admins, moderators)',
  params: groupParams,
  querystring: pageQuerySchema,
  response: { 200: pageEnvelope(groupBanSchema), ...errorResponses(400, 401, 403, 404) },
};
