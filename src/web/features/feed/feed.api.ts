import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
  type UseInfiniteQueryResult,
} from '@tanstack/react-query';
import { USER_SEARCH_MAX_RESULTS } from '../../../contract/rules.ts';
import type { Memory, ReactionTypeValue, VisibilityValue } from '../../../contract/social.ts';
import type { PublicUser } from '../../../contract/users.ts';
import { getData, getPage, NetworkError, request, type Page } from '../../lib/api.ts';
import { MEMORIES_PAGE } from '../../lib/page-sizes.ts';
import { useSession, useViewerKey } from '../../lib/use-session.ts';

// Every list and detail that holds memories lives under ['memories', …], so a change to one memory
// (a reaction, a bookmark, an edit) updates every cached copy with one setQueriesData. The hooks add
// the viewer last to each key: a dancer who signs in never sees the anonymous copy's reactions.

export const memoryKeys = {
  all: ['memories'] as const,
  lists: () => [...memoryKeys.all, 'list'] as const,
  home: () => [...memoryKeys.lists(), 'home'] as const,
  public: () => [...memoryKeys.lists(), 'public'] as const,
  tag: (tag: string) => [...memoryKeys.lists(), 'tag', tag.toLowerCase()] as const,
  city: (city: string) => [...memoryKeys.lists(), 'city', city.toLowerCase()] as const,
  user: (username: string) => [...memoryKeys.lists(), 'user', username.toLowerCase()] as const,
  bookmarks: () => [...memoryKeys.lists(), 'bookmarks'] as const,
  group: (id: string) => [...memoryKeys.lists(), 'group', id] as const,
  detail: (id: string) => [...memoryKeys.all, 'detail', id] as const,
};

export type MemoryPages = InfiniteData<Page<Memory>, string | null>;
/** What MemoryFeed shows: any of the list hooks below. */
export type MemoryListQuery = UseInfiniteQueryResult<MemoryPages, Error>;
export type MemoryReactions = Pick<Memory, 'reactionCounts' | 'myReactions'>;

function useMemoryList(key: QueryKey, path: string, opts: { enabled?: boolean } = {}): MemoryListQuery {
  const viewer = useViewerKey();
  return useInfiniteQuery({
    queryKey: [...key, viewer],
    queryFn: ({ pageParam, signal }) =>
      getPage<Memory>(path, { query: { cursor: pageParam, limit: MEMORIES_PAGE }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.meta.hasMore ? last.meta.nextCursor : undefined),
    enabled: viewer !== undefined && (opts.enabled ?? true),
  });
}

const seg = encodeURIComponent;

/** Home: the dancer's memories and those of people they follow or are friends with. */
export function useHomeFeed(): MemoryListQuery {
  const signedIn = useSession().status === 'signedIn';
  return useMemoryList(memoryKeys.home(), '/feed', { enabled: signedIn });
}
export const usePublicFeed = () => useMemoryList(memoryKeys.public(), '/feed/public');
export const useTagFeed = (tag: string) => useMemoryList(memoryKeys.tag(tag), `/tags/${seg(tag)}/memories`);
export const useCityFeed = (city: string) =>
  useMemoryList(memoryKeys.city(city), `/cities/${seg(city)}/feed`);
export const useGroupFeed = (id: string) =>
  useMemoryList(memoryKeys.group(id), `/groups/${seg(id)}/memories`);
export const useUserMemories = (username: string) =>
  useMemoryList(memoryKeys.user(username), `/users/${seg(username)}/memories`);
export function useBookmarks(): MemoryListQuery {
  const signedIn = useSession().status === 'signedIn';
  return useMemoryList(memoryKeys.bookmarks(), '/me/bookmarks', { enabled: signedIn });
}

/** One memory (the /m/:id page). */
export function useMemory(id: string) {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...memoryKeys.detail(id), viewer],
    queryFn: ({ signal }) => getData<Memory>(`/memories/${seg(id)}`, { signal }),
    enabled: viewer !== undefined,
  });
}

// ---- Patching every cached copy ----

function isPages(data: unknown): data is MemoryPages {
  return typeof data === 'object' && data !== null && Array.isArray((data as MemoryPages).pages);
}
function isMemory(data: unknown): data is Memory {
  return typeof data === 'object' && data !== null && 'author' in data && 'reactionCounts' in data;
}

/** Applies `patch` to every cached copy of memory `id` (lists and details); null removes it from lists. */
export function patchMemory(
  queryClient: QueryClient,
  id: string,
  patch: (memory: Memory) => Memory | null,
): void {
  queryClient.setQueriesData<unknown>({ queryKey: memoryKeys.all }, (data: unknown) => {
    if (isPages(data)) {
      let changed = false;
      const pages = data.pages.map((page) => {
        if (!page.data.some((m) => m.id === id)) return page;
        changed = true;
        const items: Memory[] = [];
        for (const m of page.data) {
          const next = m.id === id ? patch(m) : m;
          if (next) items.push(next);
        }
        return { ...page, data: items };
      });
      return changed ? { ...data, pages } : data;
    }
    if (isMemory(data) && data.id === id) return patch(data) ?? data;
    return data;
  });
}

function withReaction(m: Memory, type: ReactionTypeValue, on: boolean): Memory {
  const has = m.myReactions.includes(type);
  if (has === on) return m;
  return {
    ...m,
    reactionCounts: { ...m.reactionCounts, [type]: Math.max(0, m.reactionCounts[type] + (on ? 1 : -1)) },
    myReactions: on ? [...m.myReactions, type] : m.myReactions.filter((r) => r !== type),
  };
}

// ---- Mutations ----

/** A memory to share: with a visibility, or in a group (whose readers see it). */
export type NewMemory = { body: string; city: string | null } & (
  { visibility: VisibilityValue } | { groupId: string }
);

/**
 * Shares a memory. The caller keeps one Idempotency-Key per submission and passes it again on a
 * retry, so a post whose answer was lost is made once. A network failure is retried with it too.
 */
export function useCreateMemory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, key }: { input: NewMemory; key: string }) =>
      getData<Memory>('/memories', { method: 'POST', body: input, idempotencyKey: key }),
    retry: (failures, err) => err instanceof NetworkError && failures < 2,
    onSuccess: async (memory) => {
      // At the top of the home feed at once (not one shared in a group: home feeds leave those out);
      // the other lists that may hold it load afresh.
      queryClient.setQueriesData<MemoryPages>({ queryKey: memoryKeys.home() }, (data) => {
        if (memory.group || !data?.pages[0] || data.pages[0].data.some((m) => m.id === memory.id))
          return data;
        const [first, ...rest] = data.pages;
        return { ...data, pages: [{ ...first, data: [memory, ...first.data] }, ...rest] };
      });
      await queryClient.invalidateQueries({
        queryKey: memoryKeys.lists(),
        predicate: (q) => q.queryKey[2] !== 'home',
      });
    },
  });
}

/** The author edits the text, visibility or city; every cached copy takes the server's answer. */
export function useEditMemory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: Partial<NewMemory> }) =>
      getData<Memory>(`/memories/${seg(id)}`, { method: 'PATCH', body: changes }),
    onSuccess: (memory) => patchMemory(queryClient, memory.id, () => memory),
  });
}

/** The author deletes a memory; it leaves every list at once. */
export function useDeleteMemory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<null>(`/memories/${seg(id)}`, { method: 'DELETE' }),
    onSuccess: (_null, id) => {
      patchMemory(queryClient, id, () => null);
      queryClient.removeQueries({ queryKey: memoryKeys.detail(id), type: 'inactive' });
    },
  });
}

/**
 * Adds or takes back one reaction: counts and myReactions change at once everywhere the memory is
 * cached, are put back if the server refuses, and take the server's numbers when it answers.
 */
export function useToggleReaction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, type, on }: { id: string; type: ReactionTypeValue; on: boolean }) =>
      getData<MemoryReactions>(`/memories/${seg(id)}/reactions/${type}`, { method: on ? 'PUT' : 'DELETE' }),
    onMutate: ({ id, type, on }) => patchMemory(queryClient, id, (m) => withReaction(m, type, on)),
    onError: (_err, { id, type, on }) => patchMemory(queryClient, id, (m) => withReaction(m, type, !on)),
    onSuccess: (answer, { id }) => patchMemory(queryClient, id, (m) => ({ ...m, ...answer })),
  });
}

/** Saves or unsaves a memory, shown at once and put back on failure. */
export function useToggleBookmark() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, on }: { id: string; on: boolean }) =>
      request<null>(`/memories/${seg(id)}/bookmark`, { method: on ? 'PUT' : 'DELETE' }),
    onMutate: ({ id, on }) => patchMemory(queryClient, id, (m) => ({ ...m, bookmarked: on })),
    onError: (_err, { id, on }) => patchMemory(queryClient, id, (m) => ({ ...m, bookmarked: !on })),
    // The bookmarks list is read afresh on its next visit; an open one keeps the card, so it can be undone.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memoryKeys.bookmarks(), refetchType: 'none' }),
  });
}

// ---- Mention autocomplete ----

/** Dancers whose username or display name starts with the prefix (signed-in only). */
export function useUserSearch(prefix: string) {
  const signedIn = useSession().status === 'signedIn';
  const q = prefix.trim().toLowerCase();
  return useQuery({
    queryKey: ['user-search', q],
    queryFn: ({ signal }) =>
      getPage<PublicUser>('/users', { query: { q, limit: USER_SEARCH_MAX_RESULTS }, signal }),
    enabled: signedIn && q.length > 0,
    staleTime: 60_000,
    select: (page) => page.data,
  });
}

/** Tags seen in the memories already loaded, most used first: what #autocomplete offers. */
export function cachedTags(queryClient: QueryClient): string[] {
  const counts = new Map<string, number>();
  const add = (m: Memory) => m.tags.forEach((t) => counts.set(t, (counts.get(t) ?? 0) + 1));
  for (const [, data] of queryClient.getQueriesData<unknown>({ queryKey: memoryKeys.all })) {
    if (isPages(data)) data.pages.forEach((p) => p.data.forEach(add));
    else if (isMemory(data)) add(data);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
}
