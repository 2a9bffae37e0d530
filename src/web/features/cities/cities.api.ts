import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import type { City } from '../../../contract/cities.ts';
import type { Member } from '../../../contract/users.ts';
import { getData, getPage } from '../../lib/api.ts';
import { CITIES_PAGE } from '../../lib/page-sizes.ts';
import { usePagedPeople } from '../../lib/paged-people.ts';
import { useViewerKey } from '../../lib/use-session.ts';
import { cityKeys, type CityMembers } from './city-keys.ts';

export type { CityMembers } from './city-keys.ts';

// City communities live under ['cities', …]: a city by the address it was asked for (its slug, or a
// name the server resolves), and its residents and visitors by slug. The hooks add the viewer last to
// each key (whether they live in or follow the city is part of the answer). Following a city shows at
// once, with its visitor count, and is put back if refused.

const seg = encodeURIComponent;

/**
 * A city by its slug or by a name (`/cities/Buenos%20Aires`). Found by name, it is cached under its
 * slug as well, so the canonical address the page moves to shows it without asking again.
 */
export function useCity(param: string) {
  const viewer = useViewerKey();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...cityKeys.detail(param), viewer],
    queryFn: async ({ signal }) => {
      const city = await getData<City>(`/cities/${seg(param)}`, { signal });
      if (city.slug !== param) {
        queryClient.setQueryData<City>([...cityKeys.detail(city.slug), viewer], city);
      }
      return city;
    },
    enabled: viewer !== undefined,
  });
}

/** Every city community in name order, or those whose name starts with `q` (accents and case ignored). */
export function useCities(q: string) {
  const viewer = useViewerKey();
  return useInfiniteQuery({
    queryKey: [...cityKeys.list(q), viewer],
    queryFn: ({ pageParam, signal }) =>
      getPage<City>('/cities', { query: { q, cursor: pageParam, limit: CITIES_PAGE }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.meta.hasMore ? last.meta.nextCursor : undefined),
    enabled: viewer !== undefined,
    placeholderData: (previous) => previous,
  });
}

/** A city's residents or visitors, newest first. */
export const useCityMembers = (slug: string, kind: CityMembers) =>
  usePagedPeople<Member>(cityKeys.memberList(slug, kind), `/cities/${seg(slug)}/${kind}`);

/** The viewer's cached copies of one city (asked for by slug or by name). */
function copiesOf(queryClient: QueryClient, slug: string, viewer: string | undefined): [QueryKey, City][] {
  return queryClient
    .getQueriesData<City>({ queryKey: cityKeys.details() })
    .filter((entry): entry is [QueryKey, City] => {
      const [key, city] = entry;
      return city?.slug === slug && key[key.length - 1] === viewer;
    });
}

/**
 * Follows or unfollows a city as a visitor: the button and the visitor count change at once and are
 * put back if the server refuses (a resident gets 409: they live there); the server's counts follow.
 */
export function useFollowCity(slug: string) {
  const queryClient = useQueryClient();
  const viewer = useViewerKey();
  return useMutation({
    mutationFn: (follow: boolean) =>
      getData<City>(`/cities/${seg(slug)}/follow`, { method: follow ? 'PUT' : 'DELETE' }),
    onMutate: async (follow) => {
      await queryClient.cancelQueries({ queryKey: cityKeys.details() });
      const before = copiesOf(queryClient, slug, viewer);
      for (const [key, city] of before) {
        if (!city.viewer || city.viewer.following === follow) continue;
        queryClient.setQueryData<City>(key, {
          ...city,
          visitorCount: Math.max(0, city.visitorCount + (follow ? 1 : -1)),
          viewer: { ...city.viewer, following: follow },
        });
      }
      return { before };
    },
    onError: (_err, _follow, context) => {
      for (const [key, city] of context?.before ?? []) queryClient.setQueryData(key, city);
      // Refused because things changed (they moved there, say): show how the city stands now.
      return queryClient.invalidateQueries({
        queryKey: cityKeys.details(),
        predicate: (q) => (q.state.data as City | undefined)?.slug === slug,
      });
    },
    onSuccess: async (city) => {
      for (const [key] of copiesOf(queryClient, slug, viewer)) queryClient.setQueryData(key, city);
      // The viewer joined or left its visitors.
      await queryClient.invalidateQueries({ queryKey: cityKeys.memberList(slug, 'visitors') });
    },
  });
}
