import type { Executor } from '../../src/server/db/client.ts';
import { friendRequests, type FriendRequestRow } from '../../src/server/db/schema/index.ts';
import {
  addCounts,
  insertBlock,
  insertFollow,
  insertFriendship,
  insertMute,
} from '../../src/server/modules/relations/relations.repo.ts';

// Edges straight into the database, counters kept as the service keeps them. For setting up
// lists and pages quickly; behaviour is tested through the HTTP routes.

export async function createFollow(db: Executor, followerId: string, followeeId: string, at = new Date()) {
  if (!(await insertFollow(db, followerId, followeeId, at))) return;
  await addCounts(db, followerId, { following: 1 });
  await addCounts(db, followeeId, { followers: 1 });
}

export async function createFriendship(db: Executor, a: string, b: string, at = new Date()) {
  if (!(await insertFriendship(db, a, b, at))) return;
  await addCounts(db, a, { friends: 1 });
  await addCounts(db, b, { friends: 1 });
}

export async function createBlock(db: Executor, blockerId: string, blockedId: string, at = new Date()) {
  await insertBlock(db, blockerId, blockedId, at);
}

export async function createMute(db: Executor, muterId: string, mutedId: string, at = new Date()) {
  await insertMute(db, muterId, mutedId, at);
}

export async function createFriendRequest(
  db: Executor,
  fromUserId: string,
  toUserId: string,
  overrides: Partial<Omit<FriendRequestRow, 'fromUserId' | 'toUserId'>> = {},
): Promise<FriendRequestRow> {
  const [row] = await db
    .insert(friendRequests)
    .values({ fromUserId, toUserId, ...overrides })
    .returning();
  if (!row) throw new Error('insert into friend_requests returned no row');
  return row;
}
