import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import {
  areFriends,
  blockedEitherWay,
  follows,
  mutedBy,
  readsGroup,
  type Ref,
} from '../../db/relation-predicates.ts';
import type { Visibility } from '../../db/schema/index.ts';

// The visibility rules, in one place. A SQL fragment for queries that filter many memories at
// once, and allowedVisibilities() for a single author whose relationship is already known.
//   public    → everyone (signed in or not), unless a block stands between viewer and author
//   followers → the author, their followers and their friends
//   friends   → the author and their friends
//   private   → the author only
//   group     → whoever may read the memory's group (anyone for a public group, its members for a
//               private one), unless a block stands between viewer and author

/** A memory's columns the visibility rules read. */
export interface MemoryRefs {
  authorId: Ref;
  visibility: Ref;
  groupId: Ref;
}

/** The columns of `memories` under an alias (`m` in the feed queries). */
export const memoryRefs = (alias: string): MemoryRefs => ({
  authorId: sql.raw(`${alias}.author_id`),
  visibility: sql.raw(`${alias}.visibility`),
  groupId: sql.raw(`${alias}.group_id`),
});

/**
 * True when the viewer (null: anonymous) may see a memory with this author, visibility and group.
 * The viewer may be a placeholder, for prepared queries.
 */
export function memoryVisibleTo(viewerId: string | Placeholder | null, m: MemoryRefs): SQL {
  const { authorId, visibility, groupId } = m;
  if (viewerId === null) {
    return sql`(${visibility} = 'public' or (${visibility} = 'group' and ${readsGroup(null, groupId)}))`;
  }
  const v = sql`${viewerId}::uuid`;
  return sql`(${authorId} = ${v} or (not ${blockedEitherWay(v, authorId)} and (
    ${visibility} = 'public'
    or (${visibility} = 'followers' and (${follows(v, authorId)} or ${areFriends(v, authorId)}))
    or (${visibility} = 'friends' and ${areFriends(v, authorId)})
    or (${visibility} = 'group' and ${readsGroup(v, groupId)}))))`;
}

/**
 * True when the memory belongs in the owner's home feed: their own (any visibility but group), or one
 * of someone they follow (public, followers) or are friends with (public, followers, friends) and do not
 * mute. Blocks need no test: a block removes the follows and the friendship. The home feed's scan
 * (feeds.repo.ts) spells the same rule as one visibility list per source.
 */
export function homeShows(owner: Ref, m: MemoryRefs): SQL {
  const { authorId, visibility, groupId } = m;
  return sql`(${groupId} is null and (${authorId} = ${owner} or (
    ${visibility} <> 'private' and not ${mutedBy(owner, authorId)} and (
      (${visibility} in ('public', 'followers') and ${follows(owner, authorId)})
      or ${areFriends(owner, authorId)}))))`;
}

/**
 * The floor of a home timeline that was never trimmed, (floor_at, floor_id) in home_timelines: below
 * every row, so the whole timeline is above it.
 */
export const NO_HOME_FLOOR = {
  at: sql`'-infinity'::timestamptz`,
  id: sql`'00000000-0000-0000-0000-000000000000'::uuid`,
} as const;

export interface AuthorRelation {
  isSelf: boolean;
  following: boolean;
  friends: boolean;
  blocked: boolean;
}

/**
 * The visibilities of one author's memories a viewer may see outside groups; empty when a block
 * stands between them. Group memories are read through their group, never by this list.
 */
export function allowedVisibilities(rel: AuthorRelation | null): Visibility[] {
  if (rel === null) return ['public'];
  if (rel.isSelf) return ['public', 'followers', 'friends', 'private'];
  if (rel.blocked) return [];
  if (rel.friends) return ['public', 'followers', 'friends'];
  if (rel.following) return ['public', 'followers'];
  return ['public'];
}
