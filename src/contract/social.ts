import { z } from 'zod';
import {
  MEMORY_VISIBILITY_VALUES,
  NOTIFICATION_VALUES,
  REACTION_VALUES,
  VISIBILITY_VALUES,
} from './rules.ts';
import { publicUserSchema } from './users.ts';

export { NOTIFICATION_VALUES, REACTION_VALUES, VISIBILITY_VALUES };

export const visibilitySchema = z
  .enum(VISIBILITY_VALUES)
  .describe('public: everyone; followers: followers and friends; friends: friends only; private: only me');
export type VisibilityValue = z.infer<typeof visibilitySchema>;
/** A memory's visibility as stored and answered: a chosen one, or 'group' for a memory shared in a group. */
export const memoryVisibilitySchema = z
  .enum(MEMORY_VISIBILITY_VALUES)
  .describe(
    'public: everyone; followers: followers and friends; friends: friends only; private: only me; ' +
      'group: shared in a group, seen by whoever may read the group (anyone for a public group, its members for a private one)',
  );
export type MemoryVisibilityValue = z.infer<typeof memoryVisibilitySchema>;

export const reactionTypeSchema = z.enum(REACTION_VALUES).meta({ id: 'ReactionType' });
export type ReactionTypeValue = z.infer<typeof reactionTypeSchema>;

/** The few fields a list needs to show who did something. */
export const userSummarySchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
  })
  .meta({ id: 'UserSummary' });
export type UserSummary = z.infer<typeof userSummarySchema>;

/** How the viewer relates to a dancer; absent for anonymous viewers. */
export const relationshipSchema = z
  .object({
    isSelf: z.boolean(),
    following: z.boolean().describe('I follow them'),
    followedBy: z.boolean().describe('They follow me'),
    friends: z.boolean(),
    friendRequest: z
      .enum(['incoming', 'outgoing'])
      .nullable()
      .describe('A pending request between us, and which way it goes'),
    muted: z.boolean(),
    blocking: z.boolean(),
  })
  .meta({ id: 'Relationship' });
export type Relationship = z.infer<typeof relationshipSchema>;

export const profileSchema = publicUserSchema
  .extend({
    followerCount: z.number().int(),
    followingCount: z.number().int(),
    friendCount: z.number().int(),
    relationship: relationshipSchema.nullable(),
  })
  .meta({ id: 'Profile' });
export type Profile = z.infer<typeof profileSchema>;

/** A dancer in a list of people (followers, following, friends), with the state of the viewer's Follow button. */
export const listedUserSchema = userSummarySchema
  .extend({
    viewerFollows: z.boolean().nullable().describe('Whether you follow them; null for anonymous viewers'),
  })
  .meta({ id: 'ListedUser' });
export type ListedUser = z.infer<typeof listedUserSchema>;

export const friendRequestSchema = z
  .object({
    id: z.string(),
    from: userSummarySchema,
    to: userSummarySchema,
    danced: z.boolean().describe('"We danced"'),
    where: z.string().nullable().describe('Where you danced'),
    when: z.iso.date().nullable().describe('When you danced (YYYY-MM-DD)'),
    message: z.string().nullable(),
    status: z.enum(['pending', 'accepted', 'declined', 'cancelled']),
    createdAt: z.iso.datetime(),
    respondedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'FriendRequest' });
export type FriendRequest = z.infer<typeof friendRequestSchema>;

export const reactionCountsSchema = z
  .object(
    Object.fromEntries(REACTION_VALUES.map((r) => [r, z.number().int()])) as Record<
      ReactionTypeValue,
      z.ZodNumber
    >,
  )
  .describe('Reactions per type; every type is present');
export type ReactionCountsValue = z.infer<typeof reactionCountsSchema>;

/** Reserved for the media issue: photos attached to a memory. Always empty for now. */
export const mediaSchema = z.object({ id: z.string(), url: z.string(), kind: z.enum(['image']) });

export const memorySchema = z
  .object({
    id: z.string(),
    author: userSummarySchema,
    body: z.string(),
    visibility: memoryVisibilitySchema,
    city: z.string().nullable(),
    group: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('The group it was shared in (visibility "group"), or null'),
    eventId: z.string().nullable(),
    tags: z.array(z.string()).describe('Lower-case hashtags without "#"'),
    mentions: z.array(userSummarySchema),
    media: z.array(mediaSchema),
    reactionCounts: reactionCountsSchema,
    myReactions: z.array(reactionTypeSchema),
    commentCount: z.number().int(),
    bookmarked: z.boolean(),
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Memory' });
export type Memory = z.infer<typeof memorySchema>;

export const commentSchema = z
  .object({
    id: z.string(),
    memoryId: z.string(),
    parentId: z.string().nullable(),
    author: userSummarySchema,
    body: z.string(),
    likeCount: z.number().int(),
    likedByMe: z.boolean(),
    replyCount: z.number().int(),
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Comment' });
export type Comment = z.infer<typeof commentSchema>;

export const notificationSchema = z
  .object({
    id: z.string(),
    type: z.enum(NOTIFICATION_VALUES),
    actors: z.array(userSummarySchema).describe('The most recent actors, newest first (at most 3)'),
    actorCount: z.number().int().describe('Distinct people behind a grouped notification'),
    memoryId: z.string().nullable(),
    commentId: z.string().nullable(),
    friendRequestId: z.string().nullable(),
    group: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('The group a join request or approval is about'),
    event: z
      .object({ id: z.string(), title: z.string(), date: z.string().nullable() })
      .nullable()
      .describe('The event (and the date of a series) an event notification is about'),
    reaction: reactionTypeSchema.nullable(),
    read: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;
