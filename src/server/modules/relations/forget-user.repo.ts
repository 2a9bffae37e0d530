import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

/** Takes a departing user off the follower, following and friend counts of everyone linked to them. */
export async function subtractUserLinks(db: Executor, userId: string): Promise<void> {
  const u = sql`${userId}::uuid`;
  // Lock everyone linked in id order first, as relation writes do, so the two cannot deadlock.
  await db.execute(sql`
    select id from users
    where id in (select followee_id from follows where follower_id = ${u}
                 union select follower_id from follows where followee_id = ${u}
                 union select user_high_id from friendships where user_low_id = ${u}
                 union select user_low_id from friendships where user_high_id = ${u})
    order by id
    for no key update`);
  await db.execute(sql`
    update users set follower_count = greatest(follower_count - 1, 0)
    where id in (select followee_id from follows where follower_id = ${u})`);
  await db.execute(sql`
    update users set following_count = greatest(following_count - 1, 0)
    where id in (select follower_id from follows where followee_id = ${u})`);
  await db.execute(sql`
    update users set friend_count = greatest(friend_count - 1, 0)
    where id in (select user_high_id from friendships where user_low_id = ${u}
                 union all
                 select user_low_id from friendships where user_high_id = ${u})`);
}
