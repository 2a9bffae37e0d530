import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { homeScanQuery } from './feeds.repo.ts';

/**
 * Builds every home timeline anew from the sources: the newest `cap` (HOME_TIMELINE_CAP) memories of each dancer's feed,
 * with a floor where there may be more. For data written around the services (the seed); the services
 * keep timelines up to date as they go.
 */
export async function rebuildHomeTimelines(db: Executor, cap: number): Promise<void> {
  await db.execute(sql`delete from home_entries`);
  await db.execute(sql`delete from home_timelines`);
  await db.execute(sql`
    insert into home_entries (owner_id, created_at, memory_id)
    select u.id, p.sort_at, p.id
    from users u
    cross join lateral (${homeScanQuery(sql`u.id`, { cursor: undefined, take: cap })}) p`);
  // A timeline holding the cap may have lost older memories: it is complete only down to its oldest.
  await db.execute(sql`
    insert into home_timelines (owner_id, floor_at, floor_id)
    select distinct on (e.owner_id) e.owner_id, e.created_at, e.memory_id
    from home_entries e
    where e.owner_id in (select owner_id from home_entries group by owner_id having count(*) >= ${cap})
    order by e.owner_id, e.created_at, e.memory_id`);
}
