import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import { blockPartnersOf } from '../../db/relation-predicates.ts';

/** The visibilities that reach anyone besides the author. */
export type SharedVisibility = 'public' | 'followers' | 'friends';

/**
 * The home audience of an author's memory with `visibility` (SQL, a column or a value): followers
 * (public, followers) and friends (all but private), less whoever mutes the author, as rows of
 * user_id. Not the author. Fan-out (home-timelines.repo.ts) and feed:new both read it.
 */
export function homeAudienceQuery(author: SQL, visibility: SQL): SQL {
  return sql`
    select a.user_id from (
      select fo.follower_id as user_id from follows fo
      where fo.followee_id = ${author} and ${visibility} in ('public', 'followers')
      union
      select fr.user_high_id from friendships fr where fr.user_low_id = ${author} and ${visibility} <> 'private'
      union
      select fr.user_low_id from friendships fr where fr.user_high_id = ${author} and ${visibility} <> 'private'
    ) a
    where a.user_id not in (select mu.muter_id from mutes mu where mu.muted_id = ${author})`;
}

/**
 * Who may see a new memory of this author in their home feed (homeAudienceQuery), less those who
 * stand in a block with them. At most `max` of them, in no particular order. Reads
 * follows_followee_created_idx, friendships_pkey and friendships_high_low_idx; the muters
 * (mutes_muted_idx) and block partners (blocks_pkey, blocks_blocked_idx) are read once per statement,
 * however many followers there are.
 */
export function feedAudienceQuery(authorId: string, visibility: SharedVisibility, max: number): SQL {
  const author = sql`${authorId}::uuid`;
  return sql`
    select h.user_id from (${homeAudienceQuery(author, sql`${visibility}::text`)}) h
    where h.user_id not in ${blockPartnersOf(author)}
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
