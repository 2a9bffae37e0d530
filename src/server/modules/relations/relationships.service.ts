import { sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.ts';
import { errors } from '../../lib/errors.ts';
import type { RelationshipView } from '../users/users.service.ts';
import { findBlockState, findRelationFlags, lockUsers } from './relations.repo.ts';
import { blockedEitherWay } from '../../db/relation-predicates.ts';

export type RelationshipsService = ReturnType<typeof createRelationshipsService>;

/** Read-only answers about two users; it is what the users module's profiles read (ProfileRelations). */
export function createRelationshipsService({ db }: { db: Database }) {
  return {
    /** How the viewer relates to another user; null for an anonymous viewer or a user that is gone. */
    async getRelationship(viewerId: string | null, otherId: string): Promise<RelationshipView | null> {
      if (viewerId === null) return null;
      if (viewerId === otherId) {
        return {
          isSelf: true,
          following: false,
          followedBy: false,
          friends: false,
          friendRequest: null,
          muted: false,
          blocking: false,
          blockedBy: false,
        };
      }
      const flags = await findRelationFlags(db, viewerId, otherId);
      if (!flags) return null;
      const { friendRequestFrom, ...rest } = flags;
      const friendRequest =
        friendRequestFrom === null ? null : friendRequestFrom === viewerId ? 'outgoing' : 'incoming';
      return { isSelf: false, ...rest, friendRequest };
    },

    /** True when either user blocks the other. */
    async isBlockedEitherWay(a: string, b: string): Promise<boolean> {
      if (a === b) return false;
      const [row] = await db
        .select({ blocked: sql<boolean>`${blockedEitherWay(sql`${a}::uuid`, sql`${b}::uuid`)}` })
        .from(sql`(select 1) as one`);
      return row?.blocked ?? false;
    },
  };
}

/**
 * Opens a relation write between the actor and another user: locks both rows and refuses when a
 * block stands. Their block reads as "no such user"; the actor's own is a clear 403.
 */
export async function lockReachable(tx: Transaction, me: string, other: string, action: string) {
  if (!(await lockPair(tx, me, other))) throw errors.notFound('User');
  const block = await findBlockState(tx, me, other);
  if (block.blocking) throw errors.forbidden(`You have blocked this user; unblock them to ${action}.`);
  if (block.blockedBy) throw errors.notFound('User');
}

/** Locks both users' rows for a relation write; false when the other user is gone. */
export async function lockPair(tx: Transaction, me: string, other: string): Promise<boolean> {
  const present = await lockUsers(tx, [me, other]);
  // The account was deleted while its access token still lives.
  if (!present.has(me)) throw errors.unauthenticated('This account no longer exists.');
  return present.has(other);
}
