import { z } from 'zod';
import { CITY_QUERY_MAX_LENGTH, citySchema } from '../../../contract/cities.ts';
import { dataEnvelope, errorResponses, pageEnvelope } from '../../../contract/envelope.ts';
import { memberSchema } from '../../../contract/users.ts';
import { pageQuerySchema } from '../../lib/pagination.ts';

const tags = ['cities'];

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
}

const slugParamsSchema = z.object({
  slug: z.string().trim().min(1).max(CITY_QUERY_MAX_LENGTH).describe('A city\'s slug ("buenos-aires-ar")'),
});

// Reads also take a city's name, so links made from free text (a memory's city) lead somewhere.
const slugOrNameParamsSchema = z.object({
  slug: z
    .string()
    .trim()
    .min(1)
    .max(CITY_QUERY_MAX_LENGTH)
    .describe(
      'A city\'s slug ("buenos-aires-ar"), or else its name ("Buenos Aires", ignoring case, accents and ' +
        'extra spaces): the city of that name with the most residents',
    ),
});

export const listCitiesSchema = {
  tags,
  operationId: 'listCities',
  summary: 'City communities in name order; or those whose name starts with q',
  description:
    'Every city a dancer names in their profile is a community, listed even with nobody left in it. ' +
    'q matches the start of the name ignoring case, accents and extra spaces ("sao" finds São Paulo).',
  querystring: pageQuerySchema.extend({
    q: z
      .string()
      .trim()
      .min(1)
      .max(CITY_QUERY_MAX_LENGTH)
      .optional()
      .describe('The first letters of a city name'),
  }),
  response: { 200: pageEnvelope(citySchema), ...errorResponses(400, 401) },
};

export const getCitySchema = {
  tags,
  operationId: 'getCity',
  summary: 'A city community, with its counts and how you belong to it',
  description: 'viewer is null for anonymous callers.',
  params: slugOrNameParamsSchema,
  response: { 200: dataEnvelope(citySchema), ...errorResponses(400, 401, 404) },
};

/** Follow or unfollow: idempotent, answering the city as it now stands. */
function followSchema(operation: Operation, statuses: Parameters<typeof errorResponses>) {
  return {
    tags,
    ...operation,
    params: slugParamsSchema,
    response: { 200: dataEnvelope(citySchema), ...errorResponses(...statuses) },
  };
}

export const followCitySchema = followSchema(
  {
    operationId: 'followCity',
    summary: 'Follow a city as a visitor (idempotent)',
    description:
      'Answers the city with its new counts. 409 when you live there: its residents need not follow it.',
  },
  [400, 401, 404, 409],
);

export const unfollowCitySchema = followSchema(
  {
    operationId: 'unfollowCity',
    summary: 'Stop following a city (idempotent)',
    description: 'Answers the city with its new counts.',
  },
  [400, 401, 404],
);

function peopleSchema(operation: Operation) {
  return {
    tags,
    ...operation,
    params: slugOrNameParamsSchema,
    querystring: pageQuerySchema,
    response: { 200: pageEnvelope(memberSchema), ...errorResponses(400, 401, 404) },
  };
}

export const listCityResidentsSchema = peopleSchema({
  operationId: 'listCityResidents',
  summary: 'The dancers who live in a city, newest member first',
  description: 'Nobody in a block with you is listed.',
});

export const listCityVisitorsSchema = peopleSchema({
  operationId: 'listCityVisitors',
  summary: 'The dancers who follow a city, most recent first',
  description: 'Nobody in a block with you is listed.',
});
