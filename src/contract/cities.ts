import { z } from 'zod';

// City communities. Every city a dancer names in their profile is one (its name normalised, ignoring
// case, accents and extra spaces, with the country; one per pair), with a stable slug made once when
// it first appears ("buenos-aires-ar"). Its residents are the dancers who live there; others may
// follow it as visitors.

/** How long a city search may be: a profile's city (contract/rules.ts, shared with the web app). */
export { CITY_MAX_LENGTH as CITY_QUERY_MAX_LENGTH } from './rules.ts';

export const citySchema = z
  .object({
    slug: z.string().describe('Stable, made once when the city first appears: "buenos-aires-ar"'),
    name: z.string().describe('As the first dancer who named it wrote it'),
    country: z.string().nullable().describe('ISO 3166-1 alpha-2, or null when the dancers gave none'),
    residentCount: z.number().int().nonnegative(),
    visitorCount: z.number().int().nonnegative(),
    viewer: z
      .object({
        resident: z.boolean().describe('You live here'),
        following: z.boolean().describe('You follow it as a visitor'),
      })
      .nullable()
      .describe('null for anonymous callers'),
  })
  .meta({ id: 'City' });
export type City = z.infer<typeof citySchema>;
