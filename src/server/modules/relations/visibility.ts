import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { areFriends, blockedEitherWay, follows, type Ref } from '../../db/relation-predicates.ts';
import type { Visibility } from '../../db/schema/index.ts';

// The visibility rules, in one place. A SQL fragment for queries that filter many memories at
// once, and allowedVisibilities() for a single author whose relationship is already known.
//   public    → everyone (signed in or not), unless a block stands between viewer and author
//   followers → the author, their followers and their friends
//   friends   → the author and their friends
//   private   → the author only

/**
 * True when the viewer (null: anonymous) may see a memory with this author and visibility. The viewer
 * may be a placeholder, for prepared queries.
 */
export function memoryVisibleTo(viewerId: string | Placeholder | null, authorId: Ref, visibility: Ref): SQL {
  if (viewerId === null) return sql`${visibility} = 'public'`;
  const v = sql`${viewerId}::uuid`;
  return sql`(${authorId} = ${v} or (not ${blockedEitherWay(v, authorId)} and (
    ${visibility} = 'public'
    or (${visibility} = 'followers' and (${follows(v, authorId)} or ${areFriends(v, authorId)}))
    or (${visibility} = 'friends' and ${areFriends(v, authorId)}))))`;
}

export interface AuthorRelation {
  isSelf: boolean;
  following: boolean;
  friends: boolean;
  blocked: boolean;
}

/** The visibilities of one author's memories a viewer may see; empty when a block stands between them. */
export function allowedVisibilities(rel: AuthorRelation | null): Visibility[] {
  if (rel === null) return ['public'];
  if (rel.isSelf) return ['public', 'followers', 'friends', 'private'];
  if (rel.blocked) return [];
  if (rel.friends) return ['public', 'followers', 'friends'];
  if (rel.following) return ['public', 'followers'];
  return ['public'];
}
