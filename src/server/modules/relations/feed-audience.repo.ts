import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import { blockPartnersOf } from '../../db/relation-predicates.ts';

/** The visibilities that reach anyone besides the author. */
export type SharedVisibility = 'public' | 'followers' | 'friends';

/**
 * Who may see a new memory of this author in their home feed: followers and friends (public,
 * followers) or friends only (friends), less whoever mutes the author or stands in a block with them.
 * At most `max` of them, in no particular order. Reads follows_followee_created_idx, friendships_pkey
 * and friendships_high_low_idx; the muters (mutes_muted_idx) and block partners (blocks_pkey,
 * blocks_blocked_idx) are read once per statement, however many followers there are.
 */
export function feedAudienceQuery(authorId: string, visibility: SharedVisibility, max: number): SQL {
  const author = sql`${authorId}::uuid`;
  const followers =
    visibility === 'friends'
      ? sql``
      : sql`select fo.follower_id as user_id from follows fo where fo.followee_id = ${author} union `;
  return sql`
    select a.user_id from (
      ${followers}
      select fr.user_high_id as user_id from friendships fr where fr.user_low_id = ${author}
      union
      select fr.user_low_id from friendships fr where fr.user_high_id = ${author}
    ) a
    where a.user_id not in (select mu.muter_id from mutes mu where mu.muted_id = ${author})
      and a.user_id not in ${blockPartnersOf(author)}
    limit ${max}`;
}

export async function listFeedAudience(
  db: Executor,
  authorId: string,
  visibility: SharedVisibility,
  max: number,
): Promise<string[]> {
  const rows = await queryRows(db, feedAudienceQuery(authorId, visibility, max));
  return rows.map((r) => String(r.user_id));
}
