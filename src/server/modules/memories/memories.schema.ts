import { z } from 'zod';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import { memorySchema, visibilitySchema } from '../../../contract/social.ts';
import { MEMORY_BODY_MAX_CHARS } from '../../../contract/rules.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';
import { idempotencyHeaders } from '../idempotency/idempotency.schema.ts';
import { MAX_TAG_LENGTH, MAX_TAGS, TAG_PATTERN, isValidTag } from './memory-text.ts';

export const MAX_BODY_CHARS = MEMORY_BODY_MAX_CHARS;

// Counted in characters (code points) like the database, so an emoji counts once; JSON Schema's
// maxLength counts the same way, so the meta states the limit exactly.
const bodySchema = z
  .string()
  .refine((s) => [...s].length <= MAX_BODY_CHARS, `At most ${MAX_BODY_CHARS} characters`)
  .refine((s) => s.trim().length > 0, 'Write something')
  .meta({
    minLength: 1,
    maxLength: MAX_BODY_CHARS,
    description: `1 to ${MAX_BODY_CHARS} characters, not only white space; stored exactly as written`,
  });

const tagSchema = z
  .string()
  .max(MAX_TAG_LENGTH + 1)
  .refine(isValidTag, 'A tag is letters, digits and "_", with a letter')
  .meta({
    pattern: TAG_PATTERN.source,
    examples: ['milonga'],
    description: `A hashtag, with or without "#": 1 to ${MAX_TAG_LENGTH} letters, digits or "_", with at least one letter; matched ignoring case`,
  });
const citySchema = z.string().trim().min(1).max(100);

const memoryIdParams = z.object({ id: z.uuid() });
const memoryResponse = dataEnvelope(memorySchema);
const memoryPage = pageEnvelope(memorySchema);

export const createMemorySchema = {
  tags: ['memories'],
  operationId: 'createMemory',
  summary: 'Share a memory',
  description:
    'Hashtags (#milonga) and mentions (@username) are read from the body; the body is stored exactly as written. ' +
    'With groupId the memory is shared in that group (you must be a member): its visibility is "group", ' +
    'seen by whoever may read the group, and no visibility may be given.',
  headers: idempotencyHeaders,
  body: z
    .strictObject({
      body: bodySchema,
      visibility: visibilitySchema.optional().describe('Default public; not with groupId'),
      city: citySchema.nullable().optional(),
      tags: z.array(tagSchema).max(MAX_TAGS).optional().describe('Tags in addition to those in the body'),
      groupId: z.uuid().optional().describe('A group you are a member of, to share it there'),
    })
    .refine((b) => b.groupId === undefined || b.visibility === undefined, {
      message: 'A memory shared in a group is seen by the group: give no visibility with groupId',
      path: ['visibility'],
    }),
  response: { 201: memoryResponse, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
};

export const getMemorySchema = {
  tags: ['memories'],
  operationId: 'getMemory',
  summary: 'A memory, if you may see it',
  params: memoryIdParams,
  response: { 200: memoryResponse, ...errorResponses(400, 401, 404, 429) },
};

export const updateMemorySchema = {
  tags: ['memories'],
  operationId: 'updateMemory',
  summary: 'Edit your memory',
  description:
    'Fields left out stay as they are. Any change sets editedAt. A memory shared in a group stays in it: ' +
    'its visibility cannot be changed (400).',
  params: memoryIdParams,
  body: z
    .strictObject({
      body: bodySchema.optional(),
      visibility: visibilitySchema.optional(),
      city: citySchema.nullable().optional(),
      tags: z
        .array(tagSchema)
        .max(MAX_TAGS)
        .optional()
        .describe('Replaces the tags given apart from the body'),
    })
    .refine((b) => Object.keys(b).length > 0, 'Nothing to change'),
  response: { 200: memoryResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
};

export const deleteMemorySchema = {
  tags: ['memories'],
  operationId: 'deleteMemory',
  summary: 'Delete your memory with its comments, reactions and bookmarks',
  description: "A group's owner, admins and moderators may delete any memory shared in the group.",
  params: memoryIdParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404, 429) },
};

export const homeFeedSchema = {
  tags: ['feeds'],
  operationId: 'listHomeFeed',
  summary: 'Home: your memories and those of people you follow or are friends with',
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export const publicFeedSchema = {
  tags: ['feeds'],
  operationId: 'listPublicFeed',
  summary: 'Every public memory, newest first',
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export const cityFeedSchema = {
  tags: ['feeds'],
  operationId: 'listCityFeed',
  summary: 'Public memories of a city (case-insensitive)',
  params: z.object({ city: citySchema.describe('Matched ignoring case') }),
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export const tagFeedSchema = {
  tags: ['feeds'],
  operationId: 'listTagFeed',
  summary: 'Memories with a hashtag that you may see',
  params: z.object({ tag: tagSchema }),
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export const groupFeedSchema = {
  tags: ['feeds'],
  operationId: 'listGroupMemories',
  summary: "A group's memories, newest first",
  description: 'Anyone may read a public group; only members a private one (403 for others).',
  params: z.object({ id: z.uuid() }),
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 403, 404, 429) },
};

export const userFeedSchema = {
  tags: ['feeds'],
  operationId: 'listUserMemories',
  summary: "A dancer's memories that you may see",
  params: z.object({ username: z.string().min(1).max(64).describe('A username, in any case') }),
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 404, 429) },
};

export const bookmarkSchema = {
  tags: ['memories'],
  operationId: 'bookmarkMemory',
  summary: 'Save a memory to your bookmarks (idempotent)',
  params: memoryIdParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 404, 429) },
};

export const unbookmarkSchema = {
  tags: ['memories'],
  operationId: 'unbookmarkMemory',
  summary: 'Remove a memory from your bookmarks (idempotent)',
  params: memoryIdParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 429) },
};

export const listBookmarksSchema = {
  tags: ['memories'],
  operationId: 'listBookmarks',
  summary: 'Your bookmarks that you may still see, newest saved first',
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export type CreateMemoryBody = z.infer<typeof createMemorySchema.body>;
export type UpdateMemoryBody = z.infer<typeof updateMemorySchema.body>;
