import { inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import { users, type UserRow } from '../../db/schema/index.ts';
import { areFriends, blockedEitherWay, follows } from '../../db/relation-predicates.ts';

// Who may bring whom into a conversation: the facts the service judges by (chat.access.ts).

export interface Reach {
  id: string;
  displayName: string;
  directMessages: UserRow['directMessages'];
  /** A block stands between them and the actor, either way. */
  blocked: boolean;
  /** They follow the actor. */
  followsActor: boolean;
  friends: boolean;
}

/** How each of these users stands towards the actor, by primary keys; ids of no user are left out. */
export function listReachQuery(db: Executor, actorId: string, ids: string[]) {
  const actor = sql`${actorId}::uuid`;
  return db
    .select({
      id: users.id,
      displayName: users.displayName,
      directMessages: users.directMessages,
      blocked: sql<boolean>`${blockedEitherWay(actor, users.id)}`,
      followsActor: sql<boolean>`${follows(users.id, actor)}`,
      friends: sql<boolean>`${areFriends(actor, users.id)}`,
    })
    .from(users)
    .where(inArray(users.id, ids));
}

export async function listReach(db: Executor, actorId: string, ids: string[]): Promise<Reach[]> {
  if (ids.length === 0) return [];
  return listReachQuery(db, actorId, ids);
}

/**
 * One block between a newcomer and anyone else in the group (its members, or the other newcomers),
 * if there is any: blocks_pkey from the blocker side, blocks_blocked_idx from the blocked side.
 */
export function blockInGroupStatement(newcomerIds: string[], everyoneIds: string[]): SQL {
  const newcomers = sql`${sql.param(newcomerIds)}::uuid[]`;
  const everyone = sql`${sql.param(everyoneIds)}::uuid[]`;
  return sql`
    (select b.blocker_id, b.blocked_id from blocks b
     where b.blocker_id = any(${newcomers}) and b.blocked_id = any(${everyone}) limit 1)
    union all
    (select b.blocker_id, b.blocked_id from blocks b
     where b.blocked_id = any(${newcomers}) and b.blocker_id = any(${everyone}) limit 1)
    limit 1`;
}

export async function findBlockInGroup(
  db: Executor,
  newcomerIds: string[],
  everyoneIds: string[],
): Promise<{ blockerId: string; blockedId: string } | undefined> {
  if (newcomerIds.length === 0) return undefined;
  const [row] = await queryRows(db, blockInGroupStatement(newcomerIds, everyoneIds));
  return row && { blockerId: String(row.blocker_id), blockedId: String(row.blocked_id) };
}
