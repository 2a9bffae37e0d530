import { z } from 'zod';
import { dataEnvelope, errorResponses, noContentSchema, pageEnvelope } from '../../../contract/envelope.ts';
import { memorySchema, visibilitySchema } from '../../../contract/social.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';
import { MAX_TAGS, isValidTag } from './memory-text.ts';

export const MAX_BODY_CHARS = 5000;

// Counted in characters (code points) like the database, so an emoji counts once.
const bodySchema = z
  .string()
  .refine((s) => [...s].length <= MAX_BODY_CHARS, `At most ${MAX_BODY_CHARS} characters`)
  .refine((s) => s.trim().length > 0, 'Write something');

const tagSchema = z.string().max(51).refine(isValidTag, 'A tag is letters, digits and "_", with a letter');
const citySchema = z.string().trim().min(1).max(100);

const memoryIdParams = z.object({ id: z.uuid() });
const memoryResponse = dataEnvelope(memorySchema);
const memoryPage = pageEnvelope(memorySchema);

export const createMemorySchema = {
  tags: ['memories'],
  summary: 'Share a memory',
  description:
    'Hashtags (#milonga) and mentions (@username) are read from the body; the body is stored exactly as written.',
  body: z.strictObject({
    body: bodySchema,
    visibility: visibilitySchema.default('public'),
    city: citySchema.nullable().optional(),
    tags: z.array(tagSchema).max(MAX_TAGS).optional().describe('Tags in addition to those in the body'),
  }),
  response: { 201: memoryResponse, ...errorResponses(400, 401, 413, 415, 429) },
};

export const getMemorySchema = {
  tags: ['memories'],
  summary: 'A memory, if you may see it',
  params: memoryIdParams,
  response: { 200: memoryResponse, ...errorResponses(400, 401, 404, 429) },
};

export const updateMemorySchema = {
  tags: ['memories'],
  summary: 'Edit your memory',
  description: 'Fields left out stay as they are. Any change sets editedAt.',
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
  summary: 'Delete your memory with its comments, reactions and bookmarks',
  params: memoryIdParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404, 429) },
};

export const homeFeedSchema = {
  tags: ['feeds'],
  summary: 'Home: your memories and those of people you follow or are friends with',
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export const publicFeedSchema = {
  tags: ['feeds'],
  summary: 'Every public memory, newest first',
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export const cityFeedSchema = {
  tags: ['feeds'],
  summary: 'Public memories of a city (case-insensitive)',
  params: z.object({ city: citySchema }),
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export const tagFeedSchema = {
  tags: ['feeds'],
  summary: 'Memories with a hashtag that you may see',
  params: z.object({ tag: tagSchema }),
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export const userFeedSchema = {
  tags: ['feeds'],
  summary: "A dancer's memories that you may see",
  params: z.object({ username: z.string().min(1).max(64) }),
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 404, 429) },
};

export const bookmarkSchema = {
  tags: ['memories'],
  summary: 'Save a memory to your bookmarks (idempotent)',
  params: memoryIdParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 404, 429) },
};

export const unbookmarkSchema = {
  tags: ['memories'],
  summary: 'Remove a memory from your bookmarks (idempotent)',
  params: memoryIdParams,
  response: { 204: noContentSchema, ...errorResponses(400, 401, 429) },
};

export const listBookmarksSchema = {
  tags: ['memories'],
  summary: 'Your bookmarks that you may still see, newest saved first',
  querystring: pageQuerySchema,
  response: { 200: memoryPage, ...errorResponses(400, 401, 429) },
};

export type CreateMemoryBody = z.infer<typeof createMemorySchema.body>;
export type UpdateMemoryBody = z.infer<typeof updateMemorySchema.body>;
