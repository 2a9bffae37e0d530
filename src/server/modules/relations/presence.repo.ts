import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';

const friendsOf = (userId: string) => sql`
  select fr.user_high_id as friend_id from friendships fr where fr.user_low_id = ${userId}::uuid
  union all
  select fr.user_low_id from friendships fr where fr.user_high_id = ${userId}::uuid`;

/** Who hears about this user's presence: their friends, or nobody if they turned presence off. */
export async function presenceAudience(db: Executor, userId: string): Promise<string[]> {
  const rows = await queryRows(
    db,
    sql`select f.friend_id from (${friendsOf(userId)}) f
        where exists (select 1 from users u where u.id = ${userId}::uuid and u.show_presence)`,
  );
  return rows.map((r) => String(r.friend_id));
}

/** Of these users, the viewer's friends who show their presence, with when they were last seen. */
export async function visiblePresence(
  db: Executor,
  viewerId: string,
  userIds: readonly string[],
): Promise<{ userId: string; lastSeenAt: Date | null }[]> {
  if (userIds.length === 0) return [];
  const rows = await queryRows(
    db,
    sql`select u.id, (extract(epoch from u.last_seen_at) * 1000)::float8 as last_seen_ms
        from users u
        where u.id = any (${sql.param([...userIds])}::uuid[])
          and u.show_presence
          and u.id in (${friendsOf(viewerId)})`,
  );
  return rows.map((r) => ({
    userId: String(r.id),
    lastSeenAt: r.last_seen_ms === null ? null : new Date(Math.round(Number(r.last_seen_ms))),
  }));
}

export async function markLastSeen(db: Executor, userId: string, at: Date): Promise<void> {
  await db.execute(
    sql`update users set last_seen_at = ${at.toISOString()}::timestamptz where id = ${userId}::uuid`,
  );
}
