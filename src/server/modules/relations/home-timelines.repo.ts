import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import { homeAudienceQuery } from './feed-audience.repo.ts';
import { homeShows, memoryRefs, NO_HOME_FLOOR } from './visibility.ts';

// Home timelines, fanned out on write (home_entries and home_timelines in the schema; docs/SCALING.md).
// Rows are added when a memory is shared or made wider, and when a source is followed, befriended or
// unmuted; the home query checks each one against the relationship as it stands, so a row left behind
// by an unfollow, a mute or a narrower visibility is never shown, only wasted.
//
// Races: a memory fanned out while its author gains a follower must reach that follower either way.
// Fanning out holds the author's row FOR SHARE; every relation write holds both users' rows FOR NO KEY
// UPDATE first (lockUsers), which conflicts: whichever commits second reads what the first wrote.

/** Rows kept per timeline by the trim; past them, pages are read from the sources. */
export const HOME_TIMELINE_CAP = 500;

const M = memoryRefs('m');
const uuid = (id: string) => sql`${id}::uuid`;
/** The owner's floor as (floor_at, floor_id); the lowest possible when the timeline is complete. */
const floorOf = (owner: SQL) => sql`coalesce(
  (select (t.floor_at, t.floor_id) from home_timelines t where t.owner_id = ${owner}),
  (${NO_HOME_FLOOR.at}, ${NO_HOME_FLOOR.id}))`;

/** Holds the author's row so no follow or friendship commits between reading the audience and writing it. */
export async function lockAuthorForFanOut(db: Executor, authorId: string): Promise<void> {
  await db.execute(sql`select 1 from users where id = ${uuid(authorId)} for share`);
}

/**
 * Writes a memory into the timelines of its author and of everyone its visibility reaches: followers
 * and friends (public, followers) or friends (friends), less those who mute the author. A group memory
 * goes nowhere: groups have their own feeds. Repeats add nothing.
 */
export function fanOutQuery(memoryId: string): SQL {
  return sql`
    insert into home_entries (owner_id, created_at, memory_id)
    select a.owner_id, m.created_at, m.id
    from memories m
    cross join lateral (
      select m.author_id as owner_id
      union
      select h.user_id from (${homeAudienceQuery(sql`m.author_id`, sql`m.visibility`)}) h
    ) a
    where m.id = ${uuid(memoryId)} and m.group_id is null
    on conflict do nothing`;
}

/** fanOutQuery under the author's lock; call in the transaction that writes or widens the memory. */
export async function fanOutMemory(db: Executor, authorId: string, memoryId: string): Promise<void> {
  await lockAuthorForFanOut(db, authorId);
  await db.execute(fanOutQuery(memoryId));
}

/**
 * Brings one source of one timeline up to date after the relation between them changed: drops the
 * author's rows the owner may no longer see at home, and adds the newest ones they may (down to the
 * floor, at most a cap of them). The caller holds both users' rows (lockUsers).
 */
export async function refreshSource(db: Executor, ownerId: string, authorId: string): Promise<void> {
  for (const statement of refreshSourceQueries(ownerId, authorId)) await db.execute(statement);
}

/** refreshSource's two statements, each through home_entries_pkey and memories_author_created_idx. */
export function refreshSourceQueries(ownerId: string, authorId: string): [SQL, SQL] {
  const owner = uuid(ownerId);
  return [
    sql`
    delete from home_entries e
    using memories m
    where e.owner_id = ${owner} and m.id = e.memory_id and m.author_id = ${uuid(authorId)}
      and not ${homeShows(owner, M)}`,
    sql`
    insert into home_entries (owner_id, created_at, memory_id)
    select ${owner}, m.created_at, m.id
    from memories m
    where m.author_id = ${uuid(authorId)}
      and ${homeShows(owner, M)}
      and (m.created_at, m.id) >= ${floorOf(owner)}
    order by m.created_at desc, m.id desc
    limit ${HOME_TIMELINE_CAP}
    on conflict do nothing`,
  ];
}

/** Both directions of refreshSource, for a change that concerns both users (friendship, block). */
export async function refreshPair(db: Executor, a: string, b: string): Promise<void> {
  await refreshSource(db, a, b);
  await refreshSource(db, b, a);
}

/** An account's own timeline, when the account goes. */
export async function deleteHomeTimeline(db: Executor, ownerId: string): Promise<void> {
  await db.execute(sql`delete from home_entries where owner_id = ${uuid(ownerId)}`);
}

/**
 * Trims the timelines of a batch of owners (in id order after `afterId`) to the cap, raising their
 * floors to the oldest row kept. Returns the rows removed and the last owner looked at (null: done).
 */
export async function trimHomeTimelines(
  db: Executor,
  afterId: string | null,
  batch: number,
  cap = HOME_TIMELINE_CAP,
): Promise<{ removed: number; lastId: string | null }> {
  const [row] = await queryRows(db, trimHomeTimelinesQuery(afterId, batch, cap));
  return {
    removed: Number(row?.removed ?? 0),
    lastId: typeof row?.last_id === 'string' ? row.last_id : null,
  };
}

/** trimHomeTimelines' statement: each owner's cut is one probe of home_entries_pkey, cap rows deep. */
export function trimHomeTimelinesQuery(afterId: string | null, batch: number, cap = HOME_TIMELINE_CAP): SQL {
  const after = afterId === null ? sql`true` : sql`u.id > ${uuid(afterId)}`;
  return sql`
    with owners as materialized (
      select u.id from users u where ${after} order by u.id limit ${batch}
    ),
    cut as materialized (
      select o.id as owner_id, c.created_at, c.memory_id
      from owners o
      cross join lateral (
        select e.created_at, e.memory_id from home_entries e
        where e.owner_id = o.id
        order by e.created_at desc, e.memory_id desc
        offset ${cap - 1} limit 1
      ) c
    ),
    removed as (
      delete from home_entries e
      where e.ctid = any (array(
        select x.ctid from owners o
        cross join lateral (
          select h.ctid from home_entries h
          where h.owner_id = o.id
          order by h.created_at desc, h.memory_id desc
          offset ${cap}
        ) x))
      returning 1
    ),
    floors as (
      insert into home_timelines (owner_id, floor_at, floor_id)
      select owner_id, created_at, memory_id from cut
      on conflict (owner_id) do update set floor_at = excluded.floor_at, floor_id = excluded.floor_id
      where (home_timelines.floor_at, home_timelines.floor_id) < (excluded.floor_at, excluded.floor_id)
    )
    select (select count(*)::int from removed) as removed,
           (select o.id from owners o order by o.id desc limit 1) as last_id`;
}

/** Trims every timeline, a batch of owners per statement; returns the rows removed. */
export async function trimAllHomeTimelines(
  db: Executor,
  { batch = 500, cap = HOME_TIMELINE_CAP }: { batch?: number; cap?: number } = {},
): Promise<number> {
  let removed = 0;
  for (let after: string | null = null; ;) {
    const r = await trimHomeTimelines(db, after, batch, cap);
    removed += r.removed;
    if (r.lastId === null) return removed;
    after = r.lastId;
  }
}
