import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Memory } from '../../src/contract/social.ts';
import type { Executor } from '../../src/server/db/client.ts';
import { blocks, follows, friendships, mutes } from '../../src/server/db/schema/index.ts';
import { refreshPair, refreshSource } from '../../src/server/modules/relations/home-timelines.repo.ts';
import { bearer } from './auth.ts';

// Relationship rows inserted directly, for tests about who sees what. The user counters
// (follower_count…) are left alone: visibility never reads them. Home timelines are brought up to
// date as the services do.

export async function insertFollow(db: Executor, followerId: string, followeeId: string): Promise<void> {
  await db.insert(follows).values({ followerId, followeeId });
  await refreshSource(db, followerId, followeeId);
}

/** One friendships row, the smaller id first as the table requires. */
export async function insertFriendship(db: Executor, a: string, b: string): Promise<void> {
  const [userLowId, userHighId] = a < b ? [a, b] : [b, a];
  await db.insert(friendships).values({ userLowId, userHighId });
  await refreshPair(db, a, b);
}

export async function insertBlock(db: Executor, blockerId: string, blockedId: string): Promise<void> {
  await db.insert(blocks).values({ blockerId, blockedId });
}

export async function insertMute(db: Executor, muterId: string, mutedId: string): Promise<void> {
  await db.insert(mutes).values({ muterId, mutedId });
  await refreshSource(db, muterId, mutedId);
}

/** Bearer headers for a signed-in user, none for an anonymous one. */
export function headersFor(user: { accessToken: string } | null): Record<string, string> {
  return user ? bearer(user.accessToken) : {};
}

/** Shares a memory through the API; throws unless it answers 201. */
export async function shareMemory(
  app: FastifyInstance,
  author: { accessToken: string },
  payload: Record<string, unknown>,
): Promise<Memory> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/memories',
    headers: bearer(author.accessToken),
    payload,
  });
  if (res.statusCode !== 201) throw new Error(`share failed: ${res.statusCode} ${res.body}`);
  return res.json<{ data: Memory }>().data;
}

/** The ids of a list response (`{data: [{id}…]}`). */
export function idsOf(res: LightMyRequestResponse): string[] {
  return res.json<{ data: { id: string }[] }>().data.map((item) => item.id);
}
