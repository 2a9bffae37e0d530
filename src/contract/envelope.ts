import { z } from 'zod';

/** `{data: …}` — every successful JSON response. */
export const dataEnvelope = <T extends z.ZodType>(data: T) => z.object({ data });

export const pageMetaSchema = z.object({
  nextCursor: z.string().nullable().describe('Pass as ?cursor= to get the next page; null on the last page'),
  hasMore: z.boolean(),
});

/** `{data: [...], meta: {nextCursor, hasMore}}` — every list. */
export const pageEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), meta: pageMetaSchema });

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code from the error catalogue'),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  // The description is what the API reference shows for every error response.
  .meta({ id: 'Error', description: 'An error: error.code says which (the codes are listed at the top)' });
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

/** The error envelope under each listed status, for a route's response map. */
export function errorResponses(...statuses: ErrorStatus[]): Record<number, typeof errorEnvelopeSchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorEnvelopeSchema]));
}

/** The body of a 204. */
export const noContentSchema = z.null().describe('No content');
