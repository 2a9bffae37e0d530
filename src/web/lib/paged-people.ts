import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { getPage } from './api.ts';
import { PEOPLE_PAGE } from './page-sizes.ts';
import { useViewerKey } from './use-session.ts';

/**
 * A list of dancers read a page at a time from `path` (a dancer's followers, a city's residents, a
 * group's members), cached under `key` with the viewer added last: how the viewer relates to each
 * dancer (their Follow button) is part of the answer.
 */
export function usePagedPeople<T>(key: QueryKey, path: string, enabled = true) {
  const viewer = useViewerKey();
  return useInfiniteQuery({
    queryKey: [...key, viewer],
    queryFn: ({ pageParam, signal }) =>
      getPage<T>(path, { query: { cursor: pageParam, limit: PEOPLE_PAGE }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.meta.hasMore ? last.meta.nextCursor : undefined),
    enabled: enabled && viewer !== undefined,
  });
}
