import { sql, type SQL } from 'drizzle-orm';
import type { Cursor, SortDirection } from '../../lib/pagination.ts';
import { blockedEitherWay, mutedBy } from '../../db/relation-predicates.ts';
import { homeShows, memoryRefs, memoryVisibleTo, NO_HOME_FLOOR } from '../relations/visibility.ts';

// Feed queries select the page as (id, sort_at, sort_id) rows, newest first; hydrate() in
// memories-view.repo.ts turns a page into full memories in one more round trip.

export interface PageWindow {
  cursor: Cursor | undefined;
  /** Rows to fetch: the page size plus one, to learn whether there is more. */
  take: number;
}

function before(at: SQL, id: SQL, cursor: Cursor | undefined, direction: SortDirection = 'desc'): SQL {
  if (!cursor) return sql`true`;
  const op = sql.raw(direction === 'desc' ? '<' : '>');
  return sql`(${at}, ${id}) ${op} (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
}

const M = memoryRefs('m');
// What each source of the home feed shows: group memories are read in their groups, not here.
const ALL = sql`array['public','followers','friends','private']::text[]`;
const FRIEND = sql`array['public','followers','friends']::text[]`;
const FOLLOWER = sql`array['public','followers']::text[]`;

/**
 * Home feed: a page of the viewer's timeline (home_entries, relations/home-timelines.repo.ts), each row
 * checked against the relationship as it stands, through home_entries_pkey. When the timeline runs out
 * before the page is full and was trimmed (a floor), the page is read from the sources instead
 * (homeScanQuery); the gate is a one-time filter, so the scan runs only then.
 */
export function homeFeedQuery(viewerId: string, w: PageWindow): SQL {
  const v = sql`${viewerId}::uuid`;
  return sql`
    with fl as materialized (
      select coalesce(t.floor_at, ${NO_HOME_FLOOR.at}) as at, coalesce(t.floor_id, ${NO_HOME_FLOOR.id}) as id
      from (select 1) one left join home_timelines t on t.owner_id = ${v}
    ),
    fast as materialized (
      select e.memory_id as id, e.created_at as sort_at, e.memory_id as sort_id
      from home_entries e
      join memories m on m.id = e.memory_id
      where e.owner_id = ${v}
        and ${before(sql`e.created_at`, sql`e.memory_id`, w.cursor)}
        and (e.created_at, e.memory_id) >= ((select at from fl), (select id from fl))
        and ${homeShows(v, M)}
      order by e.created_at desc, e.memory_id desc
      limit ${w.take}
    ),
    gate as materialized (
      select (select count(*) from fast) < ${w.take} and (select at from fl) > ${NO_HOME_FLOOR.at} as scan
    )
    select f.id, f.sort_at, f.sort_id from fast f where not (select scan from gate)
    union all
    select s.id, s.sort_at, s.sort_id from (${homeScanQuery(v, w)}) s where (select scan from gate)`;
}

/**
 * Home feed read from its sources (fanned out on read): the viewer's own memories plus those of everyone they follow or
 * are friends with (minus the muted), each source limited to what the relationship allows.
 *
 * Two passes over memories_author_created_idx, both index-only. First, each source's newest visible
 * memory (one row per source). The page's oldest item can be no older than the take-th newest of
 * those, because those sources alone hold take memories at least that new; call it the threshold.
 * Second, only the sources whose newest reaches the threshold (about a page of them) are read again,
 * down to the threshold. A page costs one short probe per source plus about a page of rows, at any
 * depth, instead of a page of rows from every source.
 */
export function homeScanQuery(viewer: string | SQL, w: PageWindow): SQL {
  const v = typeof viewer === 'string' ? sql`${viewer}::uuid` : viewer;
  const afterCursor = before(sql`m.created_at`, sql`m.id`, w.cursor);
  // The viewer's friends first (two index scans of a small set), so telling a followed friend
  // from a followed stranger is a lookup in that set rather than a probe per followee.
  return sql`
    with friends as materialized (
      select fr.user_high_id as friend_id from friendships fr where fr.user_low_id = ${v}
      union all
      select fr.user_low_id from friendships fr where fr.user_high_id = ${v}
    ),
    sources as (
      select ${v} as author_id, ${ALL} as allowed
      union all
      select f.followee_id,
             case when f.followee_id in (select friend_id from friends) then ${FRIEND} else ${FOLLOWER} end
      from follows f
      where f.follower_id = ${v} and not ${mutedBy(v, sql`f.followee_id`)}
      union all
      select x.friend_id, ${FRIEND}
      from friends x
      where not exists (select 1 from follows f where f.follower_id = ${v} and f.followee_id = x.friend_id)
        and not ${mutedBy(v, sql`x.friend_id`)}
    ),
    newest as materialized (
      select s.author_id, s.allowed, n.created_at
      from sources s
      cross join lateral (
        select m.created_at
        from memories m
        where m.author_id = s.author_id
          and m.visibility = any (s.allowed)
          and ${afterCursor}
        order by m.created_at desc, m.id desc
        limit 1
      ) n
    ),
    threshold as materialized (
      select coalesce(
        (select created_at from newest order by created_at desc offset ${w.take - 1} limit 1),
        '-infinity'::timestamptz) as at
    )
    select m.id, m.created_at as sort_at, m.id as sort_id
    from newest s
    cross join threshold t
    cross join lateral (
      select m.id, m.created_at
      from memories m
      where m.author_id = s.author_id
        and m.visibility = any (s.allowed)
        and m.created_at >= t.at
        and ${afterCursor}
      order by m.created_at desc, m.id desc
      limit ${w.take}
    ) m
    where s.created_at >= t.at
    order by m.created_at desc, m.id desc
    limit ${w.take}`;
}

/** Hides authors the viewer muted or who stand in a block with the viewer. */
function discoveryFilter(viewerId: string | null): SQL {
  if (viewerId === null) return sql`true`;
  const v = sql`${viewerId}::uuid`;
  return sql`not ${mutedBy(v, sql`m.author_id`)} and not ${blockedEitherWay(v, sql`m.author_id`)}`;
}

/** Public memories, newest first, through memories_public_created_idx. */
export function publicFeedQuery(viewerId: string | null, w: PageWindow): SQL {
  return sql`
    select m.id, m.created_at as sort_at, m.id as sort_id
    from memories m
    where m.visibility = 'public'
      and ${before(sql`m.created_at`, sql`m.id`, w.cursor)}
      and ${discoveryFilter(viewerId)}
    order by m.created_at desc, m.id desc
    limit ${w.take}`;
}

/** Public memories of one city (case-insensitive), through memories_public_city_created_idx. */
export function cityFeedQuery(viewerId: string | null, city: string, w: PageWindow): SQL {
  return sql`
    select m.id, m.created_at as sort_at, m.id as sort_id
    from memories m
    where m.visibility = 'public'
      and lower(m.city) = lower(${city})
      and ${before(sql`m.created_at`, sql`m.id`, w.cursor)}
      and ${discoveryFilter(viewerId)}
    order by m.created_at desc, m.id desc
    limit ${w.take}`;
}

/** Memories with a hashtag that the viewer may see, through memory_tags_tag_created_idx. */
export function tagFeedQuery(viewerId: string | null, tag: string, w: PageWindow): SQL {
  return sql`
    select m.id, t.created_at as sort_at, t.memory_id as sort_id
    from memory_tags t
    join memories m on m.id = t.memory_id
    where t.tag = ${tag}
      and ${before(sql`t.created_at`, sql`t.memory_id`, w.cursor)}
      and ${memoryVisibleTo(viewerId, M)}
      and ${discoveryFilter(viewerId)}
    order by t.created_at desc, t.memory_id desc
    limit ${w.take}`;
}

/** One dancer's memories that the viewer may see, through memories_author_created_idx. */
export function userFeedQuery(viewerId: string | null, authorId: string, w: PageWindow): SQL {
  return sql`
    select m.id, m.created_at as sort_at, m.id as sort_id
    from memories m
    where m.author_id = ${authorId}::uuid
      and ${memoryVisibleTo(viewerId, M)}
      and ${before(sql`m.created_at`, sql`m.id`, w.cursor)}
    order by m.created_at desc, m.id desc
    limit ${w.take}`;
}

/** The viewer's bookmarks that they may still see, newest bookmark first. */
export function bookmarksQuery(viewerId: string, w: PageWindow): SQL {
  return sql`
    select m.id, b.created_at as sort_at, b.memory_id as sort_id
    from bookmarks b
    join memories m on m.id = b.memory_id
    where b.user_id = ${viewerId}::uuid
      and ${before(sql`b.created_at`, sql`b.memory_id`, w.cursor)}
      and ${memoryVisibleTo(viewerId, M)}
    order by b.created_at desc, b.memory_id desc
    limit ${w.take}`;
}

/** One memory as a one-row page, if the viewer may see it. */
export function memoryByIdQuery(viewerId: string | null, memoryId: string): SQL {
  return sql`
    select m.id, m.created_at as sort_at, m.id as sort_id
    from memories m
    where m.id = ${memoryId}::uuid and ${memoryVisibleTo(viewerId, M)}`;
}

/** A group's memories, newest first, through memories_group_created_idx; the caller checked the group may be read. */
export function groupFeedQuery(viewerId: string | null, groupId: string, w: PageWindow): SQL {
  return sql`
    select m.id, m.created_at as sort_at, m.id as sort_id
    from memories m
    where m.group_id = ${groupId}::uuid
      and ${before(sql`m.created_at`, sql`m.id`, w.cursor)}
      and ${discoveryFilter(viewerId)}
    order by m.created_at desc, m.id desc
    limit ${w.take}`;
}
