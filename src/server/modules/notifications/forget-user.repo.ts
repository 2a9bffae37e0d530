import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

/**
 * Takes a departing user out of grouped notifications where someone else acted last (those where
 * they acted last go with them through the cascade). Groups only exist for reactions, so only the
 * memories they reacted to are looked at.
 */
export async function removeUserFromGroups(db: Executor, userId: string): Promise<void> {
  const u = sql`${userId}::uuid`;
  await db.execute(sql`
    update notifications
    set actor_ids = array_remove(actor_ids, ${u}), actor_count = greatest(actor_count - 1, 1)
    where type = 'reaction'
      and memory_id in (select memory_id from memory_reactions where user_id = ${u})
      and actor_id <> ${u}
      and ${u} = any (actor_ids)`);
}
