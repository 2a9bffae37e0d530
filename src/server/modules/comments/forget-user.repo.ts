import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

/**
 * Takes a departing user's comments off other people's counters: their replies off reply counts,
 * and off each memory both their comments and the replies that go with their top-level comments.
 * Runs just before the user row is deleted (the cascade bypasses this module).
 */
export async function subtractUserComments(db: Executor, userId: string): Promise<void> {
  const u = sql`${userId}::uuid`;
  await db.execute(sql`
    with replies as (
      select parent_id, count(*)::int as n from comments
      where author_id = ${u} and parent_id is not null group by parent_id
    )
    update comments c set reply_count = greatest(c.reply_count - replies.n, 0)
    from replies
    where c.id = replies.parent_id and c.author_id <> ${u}`);
  await db.execute(sql`
    with gone as (
      select c.memory_id, count(*)::int as n from comments c
      where c.author_id = ${u}
         or c.parent_id in (select id from comments where author_id = ${u} and parent_id is null)
      group by c.memory_id
    )
    update memories m set comment_count = greatest(m.comment_count - gone.n, 0)
    from gone
    where m.id = gone.memory_id and m.author_id <> ${u}`);
}
