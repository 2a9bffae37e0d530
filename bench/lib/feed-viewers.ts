import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/server/db/client.ts';
import { systemClock } from '../../src/server/lib/clock.ts';
import { createAccessTokens } from '../../src/server/modules/auth/access-tokens.service.ts';
import type { FeedRunInfo } from './feed-report.ts';

// bench:feed's signed-in users, picked from the seeded community: the realistic population the
// requests draw their viewers from, the few cache-friendly viewers, and the people the most active
// viewers follow, who share memories during the "with writes" run.

/** Session rows per insert statement. */
const SESSIONS_PER_INSERT = 4000;

export interface Viewers {
  ids: string[];
  tokens: string[];
  info: FeedRunInfo['fewViewers'];
}

export interface Population {
  /** User ids, in the order the draw indexes them. */
  ids: string[];
  tokens: string[];
  info: FeedRunInfo['population'];
}

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/**
 * An access token for each user, each with a session row of its own (named `device`): one multi-row
 * insert per few thousand users, then the tokens signed in a loop.
 */
export async function signIn(
  db: DatabaseHandle,
  secret: string,
  userIds: string[],
  device = 'bench:feed',
): Promise<string[]> {
  const tokens = createAccessTokens(secret, systemClock);
  const sessionIds = userIds.map(() => randomUUID());
  for (let i = 0; i < userIds.length; i += SESSIONS_PER_INSERT) {
    const users = userIds.slice(i, i + SESSIONS_PER_INSERT);
    const sessions = sessionIds.slice(i, i + SESSIONS_PER_INSERT);
    // Access tokens are checked statelessly today; the session rows make them real ones anyway.
    await db.rows(sql`
      insert into sessions (id, user_id, device, expires_at)
      select s.id, s.user_id, ${device}, now() + interval '1 day'
      from unnest(${uuidArray(sessions)}::uuid[], ${uuidArray(users)}::uuid[]) as s(id, user_id)`);
  }
  const signed: string[] = [];
  for (const [i, userId] of userIds.entries()) {
    signed.push((await tokens.sign({ userId, sessionId: sessionIds[i] ?? '' })).token);
  }
  return signed;
}

/** The users the realistic load draws from: `count` of them (all when count ≥ users), picked by the seed. */
export async function signInPopulation(
  db: DatabaseHandle,
  secret: string,
  count: number,
  seed: string,
): Promise<Population> {
  const rows = await db.rows<{ id: string; following: number; friends: number }>(sql`
    select id, following_count as following, friend_count as friends from users
    order by md5(id::text || ${seed}), id limit ${count}`);
  const [total] = await db.rows<{ n: number }>(sql`select count(*)::int as n from users`);
  const ids = rows.map((r) => r.id);
  const following = rows.map((r) => Number(r.following)).sort((a, b) => a - b);
  return {
    ids,
    tokens: await signIn(db, secret, ids),
    info: {
      count: ids.length,
      ofUsers: Number(total?.n ?? ids.length),
      medianFollowing: following[Math.floor(following.length / 2)] ?? 0,
      avgFollowing: following.reduce((a, b) => a + b, 0) / Math.max(1, following.length),
      followingNobody: following.filter((f) => f === 0).length,
    },
  };
}

/**
 * Seeded users who follow about 200 people (180–230, by id), topped up with those closest to that
 * when a small community has too few, each with a session row and an access token.
 */
export async function signInViewers(db: DatabaseHandle, secret: string, count: number): Promise<Viewers> {
  const rows = await db.rows<{ id: string; following: number; friends: number }>(sql`
    select id, following_count as following, friend_count as friends from users
    order by (following_count between 180 and 230) desc,
             case when following_count between 180 and 230 then 0 else abs(following_count - 205) end, id
    limit ${count}`);
  const following = rows.map((r) => Number(r.following));
  const ids = rows.map((r) => r.id);
  return {
    ids,
    tokens: await signIn(db, secret, ids),
    info: {
      count: rows.length,
      minFollowing: Math.min(...following),
      maxFollowing: Math.max(...following),
      avgFriends: rows.reduce((a, r) => a + Number(r.friends), 0) / Math.max(1, rows.length),
    },
  };
}

/** 200 people the given viewers follow, signed in, to share memories during the "with writes" run. */
export async function signInFollowees(
  db: DatabaseHandle,
  secret: string,
  viewerIds: string[],
): Promise<string[]> {
  const rows = await db.rows<{ id: string }>(sql`
    select distinct f.followee_id as id from follows f
    where f.follower_id = any (${uuidArray(viewerIds)}::uuid[])
    order by 1 limit 200`);
  if (rows.length === 0) throw new Error('the viewers follow nobody: no one to share memories');
  return signIn(
    db,
    secret,
    rows.map((r) => r.id),
  );
}
