import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/server/db/client.ts';
import { systemClock } from '../../src/server/lib/clock.ts';
import { createAccessTokens } from '../../src/server/modules/auth/access-tokens.service.ts';
import type { FeedRunInfo } from './feed-report.ts';

// bench:feed's signed-in users, picked from the seeded community: the viewers whose feeds are
// measured, and the people they follow, who share memories during the "with writes" run.

export interface Viewers {
  ids: string[];
  tokens: string[];
  info: FeedRunInfo['viewers'];
}

/** An access token for each user, each with a session row of its own (named `device`). */
export async function signIn(
  db: DatabaseHandle,
  secret: string,
  userIds: string[],
  device = 'bench:feed',
): Promise<string[]> {
  const tokens = createAccessTokens(secret, systemClock);
  const signed: string[] = [];
  for (const userId of userIds) {
    // Access tokens are checked statelessly today; the session row makes them real ones anyway.
    const [session] = await db.rows<{ id: string }>(sql`
      insert into sessions (id, user_id, device, expires_at)
      values (gen_random_uuid(), ${userId}::uuid, ${device}, now() + interval '1 day') returning id`);
    if (!session) throw new Error('could not create a session');
    signed.push((await tokens.sign({ userId, sessionId: session.id })).token);
  }
  return signed;
}

/** Seeded users who follow about 200 people, each with a session row and an access token. */
export async function signInViewers(db: DatabaseHandle, secret: string, count: number): Promise<Viewers> {
  let rows = await db.rows<{ id: string; following: number; friends: number }>(sql`
    select id, following_count as following, friend_count as friends from users
    where following_count between 180 and 230 order by id limit ${count}`);
  if (rows.length === 0) {
    rows = await db.rows(sql`select id, following_count as following, friend_count as friends from users
      order by following_count desc, id limit ${count}`);
  }
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

/** 200 people the viewers follow, signed in, to share memories during the "with writes" run. */
export async function signInFollowees(
  db: DatabaseHandle,
  secret: string,
  viewerIds: string[],
): Promise<string[]> {
  const rows = await db.rows<{ id: string }>(sql`
    select distinct f.followee_id as id from follows f
    where f.follower_id = any (${`{${viewerIds.join(',')}}`}::uuid[])
    order by 1 limit 200`);
  return signIn(
    db,
    secret,
    rows.map((r) => r.id),
  );
}
