import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Visibility } from '../../db/schema/index.ts';

// The visibility rules, in one place. SQL fragments for queries that filter many memories at
// once, and allowedVisibilities() for a single author whose relationship is already known.
//   public    → everyone (signed in or not), unless a block stands between viewer and author
//   followers → the author, their followers and their friends
//   friends   → the author and their friends
//   private   → the author only

type Ref = SQL | SQL.Aliased | { getSQL(): SQL };

/** A block in either direction between two users. Two probes of blocks_pkey. */
export function blockedEitherWay(a: Ref, b: Ref): SQL {
  return sql`exists (select 1 from blocks bl where (bl.blocker_id = ${a} and bl.blocked_id = ${b}) or (bl.blocker_id = ${b} and bl.blocked_id = ${a}))`;
}

/**
 * The users in a block with this one, either way, as a subquery for `x not in (…)`: read once per
 * statement (blocks_pkey and blocks_blocked_idx), however many rows it filters.
 */
export function blockPartnersOf(user: Ref): SQL {
  return sql`(select bp.blocked_id from blocks bp where bp.blocker_id = ${user} union all select bp.blocker_id from blocks bp where bp.blocked_id = ${user})`;
}

export function areFriends(a: Ref, b: Ref): SQL {
  return sql`exists (select 1 from friendships fr where fr.user_low_id = least(${a}, ${b}) and fr.user_high_id = greatest(${a}, ${b}))`;
}

export function follows(follower: Ref, followee: Ref): SQL {
  return sql`exists (select 1 from follows fo where fo.follower_id = ${follower} and fo.followee_id = ${followee})`;
}

export function mutedBy(muter: Ref, muted: Ref): SQL {
  return sql`exists (select 1 from mutes mu where mu.muter_id = ${muter} and mu.muted_id = ${muted})`;
}

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
