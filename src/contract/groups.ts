import { z } from 'zod';
import {
  GROUP_DESCRIPTION_MAX_LENGTH,
  GROUP_MAX_MEMBERS,
  GROUP_NAME_MAX_LENGTH,
  GROUP_ROLES,
  GROUP_VISIBILITY_VALUES,
} from './rules.ts';
import { memberSchema } from './users.ts';

// Groups: interest and professional circles (a city's teachers, DJs, an encuentro's regulars). Anyone
// signed in may start one and becomes its owner. A public group takes members at once; a private one
// takes requests an owner, admin or moderator approves, and shows its members, memories and chat to
// members only. Every group, private ones too, is listed with its name, description and size, so that
// dancers can find it and ask to join.

export const groupRoleSchema = z
  .enum(GROUP_ROLES)
  .describe('owner (one per group) > admin > moderator > member');
export const groupVisibilitySchema = z
  .enum(GROUP_VISIBILITY_VALUES)
  .describe('public: anyone may join and read; private: members are approved and only they read');

export const groupCitySchema = z
  .object({ slug: z.string(), name: z.string(), country: z.string().nullable() })
  .meta({ id: 'GroupCity' });

export const groupSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    visibility: groupVisibilitySchema,
    city: groupCitySchema.nullable().describe('The city community the group belongs to, if any'),
    memberCount: z.number().int().nonnegative(),
    createdAt: z.iso.datetime(),
    conversationId: z
      .string()
      .nullable()
      .describe(
        "The group's chat (GET /conversations/{id}) when you have a seat in it; null for anyone else. " +
          `It seats up to ${GROUP_MAX_MEMBERS} members: once it is full a member waits (null here) until ` +
          'a seat is freed, which goes to the first waiting member in the members list.',
      ),
    viewer: z
      .object({
        membership: z
          .enum(['member', 'pending', 'banned', 'none'])
          .describe('pending: asked to join a private group, not yet approved'),
        role: groupRoleSchema.nullable().describe('null unless a member'),
      })
      .nullable()
      .describe('null for anonymous callers'),
  })
  .meta({ id: 'Group' });
export type Group = z.infer<typeof groupSchema>;

/** A member in a group's list, with their role there. */
export const groupMemberSchema = memberSchema
  .extend({ role: groupRoleSchema, joinedAt: z.iso.datetime() })
  .meta({ id: 'GroupMember' });
export type GroupMember = z.infer<typeof groupMemberSchema>;

/** A dancer waiting to join a private group. */
export const groupRequestSchema = memberSchema
  .extend({ requestedAt: z.iso.datetime() })
  .meta({ id: 'GroupRequest' });
export type GroupRequest = z.infer<typeof groupRequestSchema>;

export const groupNameSchema = z.string().trim().min(1).max(GROUP_NAME_MAX_LENGTH);
export const groupDescriptionSchema = z.string().trim().max(GROUP_DESCRIPTION_MAX_LENGTH);

export const createGroupBodySchema = z
  .object({
    name: groupNameSchema,
    description: groupDescriptionSchema.default(''),
    visibility: groupVisibilitySchema,
    city: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('A city community\'s slug ("buenos-aires-ar")'),
  })
  .strict()
  .meta({ id: 'CreateGroupBody' });
export type CreateGroupBody = z.input<typeof createGroupBodySchema>;

export const updateGroupBodySchema = z
  .object({
    name: groupNameSchema.optional(),
    description: groupDescriptionSchema.optional(),
    visibility: groupVisibilitySchema.optional(),
    city: z.string().trim().min(1).max(100).nullable().optional().describe('A slug, or null for none'),
  })
  .strict()
  .meta({ id: 'UpdateGroupBody' });
export type UpdateGroupBody = z.input<typeof updateGroupBodySchema>;

/** A dancer banned from a group: they may neither join nor ask to until the ban is lifted. */
export const groupBanSchema = memberSchema.extend({ bannedAt: z.iso.datetime() }).meta({ id: 'GroupBan' });
export type GroupBan = z.infer<typeof groupBanSchema>;

export const setGroupRoleBodySchema = z
  .object({ role: groupRoleSchema })
  .strict()
  .meta({ id: 'SetGroupRoleBody' });
export type SetGroupRoleBody = z.infer<typeof setGroupRoleBodySchema>;
