import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

/**
 * Takes a departing user's reactions and likes off other people's counters. Deleting the user
 * cascades to the reaction rows without going through this module, so this runs just before.
 */
export async function subtractUserReactions(db: Executor, userId: string): Promise<void> {
  const u = sql`${userId}::uuid`;
  await db.execute(sql`
    with gone as (
      select memory_id, jsonb_object_agg(type, 1) as minus
      from memory_reactions where user_id = ${u} group by memory_id
    )
    update memories m
    set reaction_counts = (
      select coalesce(jsonb_object_agg(e.key, greatest(e.value::int - coalesce((gone.minus ->> e.key)::int, 0), 0)), '{}'::jsonb)
      from jsonb_each_text(m.reaction_counts) e)
    from gone
    where m.id = gone.memory_id and m.author_id <> ${u}`);
  await db.execute(sql`
    update comments c set like_count = greatest(c.like_count - 1, 0)
    from comment_likes l
    where l.comment_id = c.id and l.user_id = ${u} and c.author_id <> ${u}`);
}
