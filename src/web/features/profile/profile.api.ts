import {
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import type { FriendRequest, ListedUser, Profile, UserSummary } from '../../../contract/social.ts';
import type { Member } from '../../../contract/users.ts';
import { getData, getPage, request, type Page } from '../../lib/api.ts';
import { FRIEND_REQUESTS_PAGE } from '../../lib/page-sizes.ts';
import { useRealtimeEvent } from '../../lib/realtime.ts';
import { useSession, useViewerKey } from '../../lib/use-session.ts';
import { refetchAfterChange } from '../../lib/refetch.ts';
import { usePagedPeople } from '../../lib/paged-people.ts';
import { cityKeys } from '../cities/city-keys.ts';
import { memoryKeys } from '../feed/feed.api.ts';
import { bumpCount, patchListed, patchProfile, removeById } from './profile-cache.ts';

// Profiles, the people lists, friend requests and the city box live under ['profile', …]; the hooks
// add the viewer last to each key (how the viewer relates to someone is part of the answer). A follow
// is shown at once wherever the dancer appears (profile, lists, city box, a city's residents and
// visitors) and put back if refused.

export const PEOPLE_LISTS = ['followers', 'following', 'friends'] as const;
export type PeopleList = (typeof PEOPLE_LISTS)[number];
export type Direction = 'incoming' | 'outgoing';

export const profileKeys = {
  all: ['profile'] as const,
  detail: (username: string) => [...profileKeys.all, 'detail', username.toLowerCase()] as const,
  people: (username: string, list: PeopleList) =>
    [...profileKeys.all, 'people', username.toLowerCase(), list] as const,
  requests: (direction: Direction) => [...profileKeys.all, 'requests', direction] as const,
  peopleAll: () => [...profileKeys.all, 'people'] as const,
  city: (city: string) => [...profileKeys.all, 'city', city] as const,
  cityAll: () => [...profileKeys.all, 'city'] as const,
  blocks: () => [...profileKeys.all, 'blocks'] as const,
};

const seg = encodeURIComponent;

// ---- Queries ----

export function useProfile(username: string) {
  const viewer = useViewerKey();
  return useQuery({
    queryKey: [...profileKeys.detail(username), viewer],
    queryFn: ({ signal }) => getData<Profile>(`/users/${seg(username)}`, { signal }),
    enabled: viewer !== undefined,
  });
}

export type PeoplePages = InfiniteData<Page<ListedUser>, string | null>;

export const usePeople = (username: string, list: PeopleList) =>
  usePagedPeople<ListedUser>(profileKeys.people(username, list), `/users/${seg(username)}/${list}`);

/**
 * The viewer's open friend requests one way, all of them (a few pages of 100 at most in practice):
 * the incoming list on their profile, and the id a profile needs to cancel or answer one.
 */
export function usePendingRequests(direction: Direction, enabled = true) {
  const state = useSession();
  const viewer = state.status === 'signedIn' ? state.user.id : undefined;
  return useQuery({
    queryKey: [...profileKeys.requests(direction), viewer],
    queryFn: async ({ signal }) => {
      const all: FriendRequest[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: Page<FriendRequest> = await getPage<FriendRequest>('/friend-requests', {
          query: { direction, cursor, limit: FRIEND_REQUESTS_PAGE },
          signal,
        });
        all.push(...page.data);
        cursor = page.meta.nextCursor;
        if (!page.meta.hasMore || !cursor) break;
      }
      return all;
    },
    enabled: enabled && viewer !== undefined,
  });
}

/** Up to five of the newest dancers of a city whom the viewer does not follow yet (the right column). */
export function useCityNewcomers(city: string | null) {
  const state = useSession();
  const viewer = state.status === 'signedIn' ? state.user.id : undefined;
  return useQuery({
    queryKey: [...profileKeys.city(city ?? ''), viewer],
    queryFn: async ({ signal }) => {
      const page = await getPage<Member>('/users', { query: { city, limit: 12 }, signal });
      return page.data.filter((m) => m.id !== viewer && m.viewerFollows !== true).slice(0, 5);
    },
    enabled: viewer !== undefined && !!city,
    staleTime: 5 * 60_000,
  });
}

/**
 * Whether the viewer blocks the dancer of this username: a blocked profile reads as not found, and
 * this tells the viewer why and offers to unblock. Asked only after a profile was not found.
 */
export function useBlockedUser(username: string, enabled: boolean) {
  const state = useSession();
  const viewer = state.status === 'signedIn' ? state.user.id : undefined;
  return useQuery({
    queryKey: [...profileKeys.blocks(), viewer, username.toLowerCase()],
    queryFn: async ({ signal }) => {
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: Page<UserSummary> = await getPage<UserSummary>('/me/blocks', {
          query: { cursor, limit: 100 },
          signal,
        });
        const found = page.data.find((u) => u.username.toLowerCase() === username.toLowerCase());
        if (found) return found;
        cursor = page.meta.nextCursor;
        if (!page.meta.hasMore || !cursor) break;
      }
      return null;
    },
    enabled: enabled && viewer !== undefined,
  });
}

/**
 * Someone followed the viewer, asked to be friends or accepted: what the viewer's profile and that
 * dancer's show (counts, requests, "Follows you") is read afresh.
 */
export function useRelationPushes() {
  const queryClient = useQueryClient();
  const me = useViewerName();
  useRealtimeEvent('notification:new', (n) => {
    if (n.type !== 'follow' && n.type !== 'friend_request' && n.type !== 'friend_accepted') return;
    const actor = n.actors[0];
    if (n.type !== 'follow') void refetchAfterChange(queryClient, [...profileKeys.all, 'requests']);
    if (actor) void refetchAfterChange(queryClient, profileKeys.detail(actor.username));
    if (me) void refetchAfterChange(queryClient, profileKeys.detail(me));
  });
}

/** The cache helpers, aimed at one dancer's profile (every viewer's copy) or one list of requests. */
const patchProfileOf = (qc: QueryClient, username: string, patch: Parameters<typeof patchProfile>[2]) =>
  patchProfile(qc, profileKeys.detail(username), patch);
const bumpCountOf = (
  qc: QueryClient,
  username: string,
  field: Parameters<typeof bumpCount>[2],
  delta: number,
) => bumpCount(qc, profileKeys.detail(username), field, delta);
const removeRequest = (qc: QueryClient, direction: Direction, id: string) =>
  removeById(qc, profileKeys.requests(direction), id);

function useViewerName(): string | null {
  const state = useSession();
  return state.status === 'signedIn' ? state.user.username : null;
}

// ---- Mutations ----

export interface FollowTarget {
  id: string;
  username: string;
}

/** Follows or unfollows: shown at once everywhere, put back on failure, counts moved with it. */
export function useFollow() {
  const queryClient = useQueryClient();
  const me = useViewerName();
  /**
   * Sets the state everywhere and, when `counts`, moves their follower count and the viewer's
   * following count; true when it did (the button showed the other state, and no cached profile of
   * theirs says this one already).
   */
  const apply = ({ id, username }: FollowTarget, follow: boolean, counts: boolean): boolean => {
    let moved = counts;
    patchProfileOf(queryClient, username, (r, p) => {
      if (r.following === follow) {
        moved = false;
        return {};
      }
      const followerCount = p.followerCount + (counts ? (follow ? 1 : -1) : 0);
      return { relationship: { following: follow }, followerCount };
    });
    if (moved && me) bumpCountOf(queryClient, me, 'followingCount', follow ? 1 : -1);
    patchListed(
      queryClient,
      [profileKeys.peopleAll(), profileKeys.cityAll(), cityKeys.members()],
      id,
      follow,
    );
    return moved;
  };
  return useMutation({
    mutationFn: ({ target, follow }: { target: FollowTarget; follow: boolean }) =>
      request<null>(`/users/${seg(target.username)}/follow`, { method: follow ? 'PUT' : 'DELETE' }),
    onMutate: ({ target, follow }) => ({ moved: apply(target, follow, true) }),
    onError: (_err, { target, follow }, context) => {
      apply(target, !follow, context?.moved ?? false);
      return queryClient.invalidateQueries({ queryKey: profileKeys.detail(target.username) });
    },
    onSuccess: async (_null, { target }) => {
      // The lists this follow enters or leaves, and the home feed it changes, load afresh when next seen.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: profileKeys.people(target.username, 'followers') }),
        me && queryClient.invalidateQueries({ queryKey: profileKeys.people(me, 'following') }),
        queryClient.invalidateQueries({ queryKey: memoryKeys.home(), refetchType: 'none' }),
      ]);
    },
  });
}

export interface FriendRequestInput {
  danced?: boolean;
  where?: string;
  when?: string;
  message?: string;
}

/** Asks to be friends. When they had already asked, the server makes you friends at once. */
export function useSendFriendRequest(username: string) {
  const queryClient = useQueryClient();
  const me = useViewerName();
  return useMutation({
    mutationFn: (body: FriendRequestInput) =>
      getData<FriendRequest>(`/users/${seg(username)}/friend-request`, { method: 'POST', body }),
    onSuccess: (fr) => {
      if (fr.status === 'accepted') {
        patchProfileOf(queryClient, username, (_r, p) => ({
          relationship: { friends: true, friendRequest: null },
          friendCount: p.friendCount + 1,
        }));
        if (me) bumpCountOf(queryClient, me, 'friendCount', 1);
        removeRequest(queryClient, 'incoming', fr.id);
        return;
      }
      patchProfileOf(queryClient, username, () => ({ relationship: { friendRequest: 'outgoing' } }));
      queryClient.setQueriesData<FriendRequest[]>({ queryKey: profileKeys.requests('outgoing') }, (list) =>
        list && !list.some((r) => r.id === fr.id) ? [fr, ...list] : list,
      );
    },
    onError: () => queryClient.invalidateQueries({ queryKey: profileKeys.detail(username) }),
  });
}

/** Takes back a request the viewer sent. */
export function useCancelFriendRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fr: FriendRequest) => request<null>(`/friend-requests/${seg(fr.id)}`, { method: 'DELETE' }),
    onSuccess: (_null, fr) => {
      removeRequest(queryClient, 'outgoing', fr.id);
      patchProfileOf(queryClient, fr.to.username, () => ({ relationship: { friendRequest: null } }));
    },
    // No longer pending (answered meanwhile): show how things stand now.
    onError: (_err, fr) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: profileKeys.requests('outgoing') }),
        queryClient.invalidateQueries({ queryKey: profileKeys.detail(fr.to.username) }),
      ]),
  });
}

/** Accepts or declines a request the viewer received. */
export function useAnswerFriendRequest() {
  const queryClient = useQueryClient();
  const me = useViewerName();
  return useMutation({
    mutationFn: ({ fr, accept }: { fr: FriendRequest; accept: boolean }) =>
      getData<FriendRequest>(`/friend-requests/${seg(fr.id)}/${accept ? 'accept' : 'decline'}`, {
        method: 'POST',
      }),
    onSuccess: async (_answer, { fr, accept }) => {
      removeRequest(queryClient, 'incoming', fr.id);
      const other = fr.from.username;
      patchProfileOf(queryClient, other, (_r, p) =>
        accept
          ? { relationship: { friends: true, friendRequest: null }, friendCount: p.friendCount + 1 }
          : { relationship: { friendRequest: null } },
      );
      if (accept && me) {
        bumpCountOf(queryClient, me, 'friendCount', 1);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: profileKeys.people(me, 'friends') }),
          queryClient.invalidateQueries({ queryKey: profileKeys.people(other, 'friends') }),
        ]);
      }
    },
    onError: (_err, { fr }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: profileKeys.requests('incoming') }),
        queryClient.invalidateQueries({ queryKey: profileKeys.detail(fr.from.username) }),
      ]),
  });
}

/** Ends a friendship, for both. */
export function useUnfriend(username: string) {
  const queryClient = useQueryClient();
  const me = useViewerName();
  return useMutation({
    mutationFn: () => request<null>(`/users/${seg(username)}/friend`, { method: 'DELETE' }),
    onSuccess: async () => {
      let was = false;
      patchProfileOf(queryClient, username, (r, p) => {
        was = r.friends;
        return r.friends ? { relationship: { friends: false }, friendCount: p.friendCount - 1 } : {};
      });
      if (was && me) bumpCountOf(queryClient, me, 'friendCount', -1);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: profileKeys.people(username, 'friends') }),
        me && queryClient.invalidateQueries({ queryKey: profileKeys.people(me, 'friends') }),
      ]);
    },
  });
}

/** Mutes or unmutes (they are not told); their memories leave or come back to the home feed. */
export function useMute(username: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mute: boolean) =>
      request<null>(`/users/${seg(username)}/mute`, { method: mute ? 'PUT' : 'DELETE' }),
    onSuccess: (_null, mute) => {
      patchProfileOf(queryClient, username, () => ({ relationship: { muted: mute } }));
      return queryClient.invalidateQueries({ queryKey: memoryKeys.home() });
    },
  });
}

/**
 * Blocks or unblocks. A block also ends the follows both ways, the friendship and open requests; the
 * profile keeps showing (with "Unblock") until it is reloaded, when it reads as not found.
 */
export function useBlock(username: string) {
  const queryClient = useQueryClient();
  const me = useViewerName();
  return useMutation({
    mutationFn: (block: boolean) =>
      request<null>(`/users/${seg(username)}/block`, { method: block ? 'PUT' : 'DELETE' }),
    onSuccess: async (_null, block) => {
      patchProfileOf(queryClient, username, (r, p) =>
        block
          ? {
              relationship: {
                blocking: true,
                following: false,
                followedBy: false,
                friends: false,
                friendRequest: null,
              },
              followerCount: p.followerCount - (r.following ? 1 : 0),
              followingCount: p.followingCount - (r.followedBy ? 1 : 0),
              friendCount: p.friendCount - (r.friends ? 1 : 0),
            }
          : { relationship: { blocking: false } },
      );
      if (!block) {
        // Their profile reads as found again; the one shown was the cached copy or the blocked state.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: profileKeys.detail(username) }),
          queryClient.invalidateQueries({ queryKey: profileKeys.blocks() }),
        ]);
        return;
      }
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: profileKeys.blocks() }),
        me && queryClient.invalidateQueries({ queryKey: profileKeys.detail(me) }),
        queryClient.invalidateQueries({ queryKey: profileKeys.peopleAll() }),
        queryClient.invalidateQueries({ queryKey: cityKeys.members() }),
        queryClient.invalidateQueries({ queryKey: [...profileKeys.all, 'requests'] }),
        // Their memories leave every list; their own list now answers 404 and is not asked again.
        queryClient.invalidateQueries({
          queryKey: memoryKeys.lists(),
          predicate: (q) => q.queryKey[3] !== username.toLowerCase() || q.queryKey[2] !== 'user',
        }),
      ]);
    },
  });
}
