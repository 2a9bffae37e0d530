import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import type { Page } from '../../lib/api.ts';
import type { Profile, Relationship } from '../../../contract/social.ts';

// Changes to what profile.api.ts holds in the query cache, by key prefix (every copy, one per viewer
// key): what a follow, a friendship or a block changes shows at once, without a refetch.

type Count = 'followerCount' | 'followingCount' | 'friendCount';
export type ProfileChange = Partial<Pick<Profile, Count>> & { relationship?: Partial<Relationship> };

/** Patches every cached copy of one profile that carries a relationship. */
export function patchProfile(
  queryClient: QueryClient,
  key: QueryKey,
  patch: (r: Relationship, p: Profile) => ProfileChange,
): void {
  queryClient.setQueriesData<Profile>({ queryKey: key }, (p) => {
    if (!p?.relationship) return p;
    const { relationship, ...rest } = patch(p.relationship, p);
    return { ...p, ...rest, relationship: { ...p.relationship, ...relationship } };
  });
}

/** Adds `delta` to one count of a profile, e.g. the viewer's own following count. */
export function bumpCount(queryClient: QueryClient, key: QueryKey, field: Count, delta: number): void {
  queryClient.setQueriesData<Profile>({ queryKey: key }, (p) =>
    p ? { ...p, [field]: Math.max(0, p[field] + delta) } : p,
  );
}

interface Listed {
  id: string;
  viewerFollows: boolean | null;
}
type Listing = InfiniteData<Page<Listed>, unknown> | Listed[];

/** The Follow button's state of one dancer in lists of people, paged or not, under these prefixes. */
export function patchListed(
  queryClient: QueryClient,
  keys: QueryKey[],
  userId: string,
  follows: boolean,
): void {
  const set = (u: Listed): Listed => (u.id === userId ? { ...u, viewerFollows: follows } : u);
  for (const key of keys) {
    queryClient.setQueriesData<Listing>({ queryKey: key }, (data) => {
      if (!data) return data;
      if (Array.isArray(data)) return data.map(set);
      return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map(set) })) };
    });
  }
}

/** Takes one item out of cached lists (open friend requests). */
export function removeById(queryClient: QueryClient, key: QueryKey, id: string): void {
  queryClient.setQueriesData<{ id: string }[]>({ queryKey: key }, (list) => list?.filter((x) => x.id !== id));
}
