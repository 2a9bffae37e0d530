// The city query keys, apart from cities.api.ts: a profile's follows change the cached lists of a city's
// dancers, and its page need not load the city's queries for that.

export const CITY_MEMBERS = ['residents', 'visitors'] as const;
export type CityMembers = (typeof CITY_MEMBERS)[number];

export const cityKeys = {
  all: ['cities'] as const,
  details: () => [...cityKeys.all, 'detail'] as const,
  // Not lowercased: "Paris" is a name (the Paris with most residents), "paris" the slug of another.
  detail: (param: string) => [...cityKeys.details(), param] as const,
  /** Every cached list of a city's dancers (their Follow buttons change with a follow elsewhere). */
  members: () => [...cityKeys.all, 'members'] as const,
  memberList: (slug: string, kind: CityMembers) => [...cityKeys.members(), slug, kind] as const,
  /** The directory, whole or by a name's first letters. */
  list: (q: string) => [...cityKeys.all, 'list', q] as const,
};
