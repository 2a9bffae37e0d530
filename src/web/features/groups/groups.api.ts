import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type {
  CreateGroupBody,
  Group,
  GroupMember,
  GroupRequest,
  UpdateGroupBody,
} from '../../../contract/groups.ts';
import type { GroupRole } from '../../../contract/rules.ts';
import type { Member } from '../../../contract/users.ts';
import { getData, getPage, request } from '../../lib/api.ts';
import { GROUPS_PAGE } from '../../lib/page-sizes.ts';
import { usePagedPeople } from '../../lib/paged-people.ts';
import { useViewerKey } from '../../lib/use-session.ts';

// Groups live under ['groups', …]: one group by id, the directory (by city and first letters), the
// viewer's own groups, and per group its members, join requests and bans. The hooks add the viewer
// last to each key (their membership is part of every answer). A change answers the group as it now
// stands, which replaces every cached copy; the lists it moves are read again.

export const groupKeys = {
  all: ['groups'] as const,
  detail: (id: string) => [...groupKeys.all, 'detail', id] as const,
  lists: () => [...groupKeys.all, 'list'] as const,
  list: (q: string, city: string) => [...groupKeys.lists(), q, city] as const,
  mine: () => [...groupKeys.all, 'mine'] as const,
  people: (id: string) => [...groupKeys.all, 'people', id] as const,
  members: (id: string) => [...groupKeys.people(id), 'members'] as const,
  requests: (id: string) => [...groupKeys.people(id), 'requests'] as const,
  bans: (id: string) => [...groupKeys.people(id), 'bans'] as const,
};

const seg = encodeURIComponent;
const next = (last: { meta: { hasMore: boolean; nextCursor: string | null } }) =>
  last.meta.hasMore ? last.meta.nextCursor : undefined;

export function useGroup(id: string) {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...groupKeys.detail(id), viewer],
    queryFn: ({ signal }) => getData<Group>(`/groups/${seg(id)}`, { signal }),
    enabled: viewer !== undefined,
  });
}

/** Every group in name order, or those of a city, or whose name starts with `q`. */
export function useGroups(q: string, city: string) {
  const viewer = useViewerKey();
  return useInfiniteQuery({
    queryKey: [...groupKeys.list(q, city), viewer],
    queryFn: ({ pageParam, signal }) =>
      getPage<Group>('/groups', {
        query: { q: q || undefined, city: city || undefined, cursor: pageParam, limit: GROUPS_PAGE },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: next,
    enabled: viewer !== undefined,
    placeholderData: (previous) => previous,
  });
}

/** The groups the viewer belongs to. */
export function useMyGroups(enabled: boolean) {
  const viewer = useViewerKey();
  return useInfiniteQuery({
    queryKey: [...groupKeys.mine(), viewer],
    queryFn: ({ pageParam, signal }) =>
      getPage<Group>('/me/groups', { query: { cursor: pageParam, limit: GROUPS_PAGE }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: next,
    enabled: enabled && viewer !== undefined,
  });
}

export const useGroupMembers = (id: string) =>
  usePagedPeople<GroupMember>(groupKeys.members(id), `/groups/${seg(id)}/members`);
export const useGroupRequests = (id: string, enabled: boolean) =>
  usePagedPeople<GroupRequest>(groupKeys.requests(id), `/groups/${seg(id)}/requests`, enabled);
export const useGroupBans = (id: string, enabled: boolean) =>
  usePagedPeople<Member>(groupKeys.bans(id), `/groups/${seg(id)}/bans`, enabled);

/**
 * After a change: the group as the server answered it goes into every cached copy (`null`: it was
 * deleted; `undefined`: read it again), and the lists it may have moved in are read again.
 */
async function settle(queryClient: QueryClient, id: string, group?: Group | null): Promise<void> {
  if (group) {
    for (const [key] of queryClient.getQueriesData<Group>({ queryKey: groupKeys.detail(id) })) {
      queryClient.setQueryData(key, group);
    }
  } else if (group === null) {
    queryClient.removeQueries({ queryKey: groupKeys.detail(id) });
  }
  await Promise.all([
    group === undefined && queryClient.invalidateQueries({ queryKey: groupKeys.detail(id) }),
    queryClient.invalidateQueries({ queryKey: groupKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: groupKeys.mine() }),
    queryClient.invalidateQueries({ queryKey: groupKeys.people(id) }),
  ]);
}

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateGroupBody) => getData<Group>('/groups', { method: 'POST', body }),
    onSuccess: (group) => settle(queryClient, group.id, group),
  });
}

export function useUpdateGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateGroupBody) => getData<Group>(`/groups/${seg(id)}`, { method: 'PATCH', body }),
    onSuccess: (group) => settle(queryClient, id, group),
  });
}

export function useDeleteGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<null>(`/groups/${seg(id)}`, { method: 'DELETE' }),
    onSuccess: () => settle(queryClient, id, null),
  });
}

/** Joins (a public group) or asks to (a private one); leaving also withdraws a request. */
export function useMembership(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (join: boolean): Promise<Group> => {
      if (join) return getData<Group>(`/groups/${seg(id)}/join`, { method: 'POST' });
      await request<null>(`/groups/${seg(id)}/membership`, { method: 'DELETE' });
      return getData<Group>(`/groups/${seg(id)}`);
    },
    onSuccess: (group) => settle(queryClient, id, group),
  });
}

/** Approves or declines a dancer's request to join. */
export function useDecideRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, approve }: { userId: string; approve: boolean }) =>
      request<unknown>(`/groups/${seg(id)}/requests/${seg(userId)}/${approve ? 'approve' : 'decline'}`, {
        method: 'POST',
      }),
    onSuccess: () => settle(queryClient, id),
  });
}

/** Gives a member a role (the owner giving "owner" hands the group over). */
export function useSetRole(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: GroupRole }) =>
      getData<GroupMember>(`/groups/${seg(id)}/members/${seg(userId)}`, { method: 'PUT', body: { role } }),
    onSuccess: () => settle(queryClient, id),
  });
}

/** Bans a dancer (out of the group, and kept out) or lifts a ban. */
export function useBan(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ban }: { userId: string; ban: boolean }) =>
      request<null>(`/groups/${seg(id)}/bans/${seg(userId)}`, { method: ban ? 'PUT' : 'DELETE' }),
    onSuccess: () => settle(queryClient, id),
  });
}
