import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/server/db/client.ts';

/**
 * Every stored counter that disagrees with the rows it counts, as "table id column: stored ≠ actual".
 * An empty list means nothing drifted.
 */
export async function findCounterDrift(database: DatabaseHandle): Promise<string[]> {
  const rows = await database.rows<{ what: string }>(sql`
    select 'users ' || u.id || ' follower_count: ' || u.follower_count || ' ≠ ' || x.n as what
    from users u cross join lateral (select count(*)::int as n from follows where followee_id = u.id) x
    where u.follower_count <> x.n
    union all
    select 'users ' || u.id || ' following_count: ' || u.following_count || ' ≠ ' || x.n
    from users u cross join lateral (select count(*)::int as n from follows where follower_id = u.id) x
    where u.following_count <> x.n
    union all
    select 'users ' || u.id || ' friend_count: ' || u.friend_count || ' ≠ ' || x.n
    from users u cross join lateral (
      select count(*)::int as n from friendships where user_low_id = u.id or user_high_id = u.id) x
    where u.friend_count <> x.n
    union all
    select 'memories ' || m.id || ' comment_count: ' || m.comment_count || ' ≠ ' || x.n
    from memories m cross join lateral (select count(*)::int as n from comments where memory_id = m.id) x
    where m.comment_count <> x.n
    union all
    select 'memories ' || m.id || ' reaction_counts: ' || m.reaction_counts::text || ' ≠ ' || coalesce(x.counts::text, '{}')
    from memories m cross join lateral (
      select jsonb_object_agg(type, n) as counts
      from (select type, count(*)::int as n from memory_reactions where memory_id = m.id group by type) g) x
    where (select coalesce(jsonb_object_agg(key, value), '{}'::jsonb)
           from jsonb_each(m.reaction_counts) where value <> '0'::jsonb)
          <> coalesce(x.counts, '{}'::jsonb)
    union all
    select 'comments ' || c.id || ' like_count: ' || c.like_count || ' ≠ ' || x.n
    from comments c cross join lateral (select count(*)::int as n from comment_likes where comment_id = c.id) x
    where c.like_count <> x.n
    union all
    select 'comments ' || c.id || ' reply_count: ' || c.reply_count || ' ≠ ' || x.n
    from comments c cross join lateral (select count(*)::int as n from comments r where r.parent_id = c.id) x
    where c.reply_count <> x.n
    union all
    select 'notifications ' || n.id || ' actor_count: ' || n.actor_count || ' ≠ ' || cardinality(n.actor_ids)
    from notifications n
    where n.actor_count <> cardinality(n.actor_ids)`);
  return rows.map((r) => r.what);
}
