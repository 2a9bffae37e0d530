import { z } from 'zod';
import { dataEnvelope, errorResponses } from '../../../contract/envelope.ts';
import { reactionCountsSchema, reactionTypeSchema } from '../../../contract/social.ts';

export const memoryReactionsSchema = z
  .object({
    reactionCounts: reactionCountsSchema,
    myReactions: z.array(reactionTypeSchema).describe('The types you reacted with, in the enum order'),
  })
  .meta({ id: 'MemoryReactions' });
export type MemoryReactions = z.infer<typeof memoryReactionsSchema>;

const tags = ['reactions'];
const params = z.object({ id: z.uuid(), type: reactionTypeSchema });

export const putReactionSchema = {
  tags,
  operationId: 'addReaction',
  summary: 'React to a memory (idempotent; at most one of each type per dancer)',
  description: "Answers with the memory's reactions after the change, so clients need no second request.",
  params,
  response: { 200: dataEnvelope(memoryReactionsSchema), ...errorResponses(400, 401, 404) },
};

export const deleteReactionSchema = {
  tags,
  operationId: 'removeReaction',
  summary: 'Take back a reaction to a memory (idempotent)',
  description: "Answers with the memory's reactions after the change.",
  params,
  response: { 200: dataEnvelope(memoryReactionsSchema), ...errorResponses(400, 401, 404) },
};
