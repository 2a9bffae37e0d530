import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import type { Notification } from '../../../contract/social.ts';
import { getData, getPage, request, type Page } from '../../lib/api.ts';
import { useRealtimeEvent } from '../../lib/realtime.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { refetchAfterChange } from '../../lib/refetch.ts';

export const notificationKeys = {
  all: ['notifications'] as const,
  list: () => [...notificationKeys.all, 'list'] as const,
  unread: () => [...notificationKeys.all, 'unread'] as const,
};

const PAGE_SIZE = 20;
type ListData = InfiniteData<Page<Notification>, string | null>;

/** The unread count for the badge; kept fresh by notification:new pushes (the list refetches too). */
export function useUnreadCount() {
  const viewer = useViewerId();
  const queryClient = useQueryClient();
  useRealtimeEvent('notification:new', () => {
    void refetchAfterChange(queryClient, notificationKeys.all);
  });
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: ({ signal }) => getData<{ count: number }>('/notifications/unread-count', { signal }),
    enabled: viewer !== null,
    select: (d) => d.count,
  });
}

/** The dancer's notifications, newest first, a page at a time. */
export function useNotifications() {
  const viewer = useViewerId();
  return useInfiniteQuery({
    queryKey: notificationKeys.list(),
    queryFn: ({ pageParam, signal }) =>
      getPage<Notification>('/notifications', { query: { limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.meta.hasMore ? last.meta.nextCursor : undefined),
    enabled: viewer !== null,
  });
}

/** Marks notifications read in the cached list (all of them when `id` is null); returns the previous state. */
async function markCached(queryClient: QueryClient, id: string | null) {
  // A refetch in flight would bring back the unread state; one cancelled here is redone when settled.
  const wasFetching = queryClient.isFetching({ queryKey: notificationKeys.list() }) > 0;
  await queryClient.cancelQueries({ queryKey: notificationKeys.all });
  const list = queryClient.getQueryData<ListData>(notificationKeys.list());
  const unread = queryClient.getQueryData<{ count: number }>(notificationKeys.unread());
  let newlyRead = 0;
  if (list) {
    queryClient.setQueryData<ListData>(notificationKeys.list(), {
      ...list,
      pages: list.pages.map((page) => ({
        ...page,
        data: page.data.map((n) => {
          if (n.read || (id !== null && n.id !== id)) return n;
          newlyRead += 1;
          return { ...n, read: true };
        }),
      })),
    });
  }
  if (unread) {
    const count = id === null ? 0 : Math.max(0, unread.count - Math.min(newlyRead, 1));
    queryClient.setQueryData(notificationKeys.unread(), { count });
  }
  return { list, unread, wasFetching };
}

type Previous = Awaited<ReturnType<typeof markCached>> | undefined;

function restore(queryClient: QueryClient, previous: Previous) {
  if (previous?.list) queryClient.setQueryData(notificationKeys.list(), previous.list);
  if (previous?.unread) queryClient.setQueryData(notificationKeys.unread(), previous.unread);
}

function settle(queryClient: QueryClient, previous: Previous) {
  return queryClient.invalidateQueries({
    queryKey: previous?.wasFetching ? notificationKeys.all : notificationKeys.unread(),
  });
}

/** Opening a notification: it is read at once on screen and in the badge. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<null>(`/notifications/${id}/read`, { method: 'POST' }),
    onMutate: (id) => markCached(queryClient, id),
    onError: (_err, _id, previous) => restore(queryClient, previous),
    onSettled: (_data, _err, _id, previous) => settle(queryClient, previous),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<null>('/notifications/read-all', { method: 'POST' }),
    onMutate: () => markCached(queryClient, null),
    onError: (_err, _vars, previous) => restore(queryClient, previous),
    onSettled: (_data, _err, _vars, previous) => settle(queryClient, previous),
  });
}
