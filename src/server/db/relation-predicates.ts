import { sql, type SQL } from 'drizzle-orm';

// What the relation tables (blocks, follows, friendships, mutes) hold, as SQL predicates that a query
// filtering many rows inlines. They state facts, not rules: what a block or a visibility hides is
// decided by the module that filters (relations/visibility.ts holds who may see a memory). They live
// in db/ because modules below relations (users, notifications) filter by blocks too.

/** A column, an aliased expression or a SQL value a predicate compares. */
export type Ref = SQL | SQL.Aliased | { getSQL(): SQL };

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

/** Whether a user may read a group's content: anyone for a public group, its members for a private one. */
export function readsGroup(user: Ref | null, group: Ref): SQL {
  const member =
    user === null
      ? sql`false`
      : sql`exists (select 1 from group_members gm where gm.group_id = g.id and gm.user_id = ${user})`;
  return sql`exists (select 1 from groups g where g.id = ${group} and (g.visibility = 'public' or ${member}))`;
}
