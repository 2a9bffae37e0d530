import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import { REACTION_TYPES, type ReactionType, type Visibility } from '../../db/schema/index.ts';

/** A memory as the viewer sees it, before it becomes the contract's shape. */
export interface MemoryView {
  id: string;
  body: string;
  visibility: Visibility;
  city: string | null;
  /** The group it was shared in, by its name now. */
  group: { id: string; name: string } | null;
  eventId: string | null;
  reactionCounts: Partial<Record<ReactionType, number>>;
  commentCount: number;
  createdAt: Date;
  editedAt: Date | null;
  author: { id: string; username: string; displayName: string };
  tags: string[];
  mentions: { id: string; username: string; displayName: string }[];
  myReactions: ReactionType[];
  bookmarked: boolean;
  /** The page position, for the next cursor (a bookmark pages by when it was saved). */
  cursor: { createdAt: Date; id: string };
}

/** The viewer's own reactions on memory `m` and whether they bookmarked it (my_reactions, bookmarked). */
const viewerOwnParts = (v: SQL) => sql`
  coalesce((select json_agg(r.type) from memory_reactions r
            where r.memory_id = m.id and r.user_id = ${v}), '[]'::json) as my_reactions,
  exists (select 1 from bookmarks b where b.user_id = ${v} and b.memory_id = m.id) as bookmarked`;

const epochMs = (col: SQL) => sql`(extract(epoch from ${col}) * 1000)::float8`;
const summary = (alias: string) =>
  sql.raw(
    `json_build_object('id', ${alias}.id, 'username', ${alias}.username, 'displayName', ${alias}.display_name)`,
  );

/**
 * Turns a page query (rows of id, sort_at, sort_id, in order) into full memories in one round
 * trip: author, tags, mentions, and the viewer's reactions and bookmark. Tags and mentions are put
 * in order here, not by the statement: an ordered aggregate sets up a sort for every memory, which
 * cost ~0.02 ms each, half a millisecond for a page.
 */
export async function hydratePage(db: Executor, viewerId: string | null, page: SQL): Promise<MemoryView[]> {
  const rows = await queryRows(db, hydratePageQuery(viewerId, page));
  return rows.map(toMemoryView);
}

/**
 * hydratePage, plus the snapshot the statement read from (pg_current_snapshot), for caching the page:
 * null when the page is empty.
 */
export async function hydratePageWithSnapshot(
  db: Executor,
  viewerId: string | null,
  page: SQL,
): Promise<{ views: MemoryView[]; snapshot: string | null }> {
  const rows = await queryRows(db, hydratePageQuery(viewerId, page, { snapshot: true }));
  const snapshot = rows[0]?.snapshot;
  return { views: rows.map(toMemoryView), snapshot: typeof snapshot === 'string' ? snapshot : null };
}

export function hydratePageQuery(viewerId: string | null, page: SQL, opts: { snapshot?: boolean } = {}): SQL {
  const v = viewerId === null ? sql`null::uuid` : sql`${viewerId}::uuid`;
  const snapshot = opts.snapshot ? sql`pg_current_snapshot()::text as snapshot,` : sql``;
  return sql`
    with page as materialized (${page})
    select ${snapshot} m.id, m.body, m.visibility, m.city, m.group_id, gr.name as group_name, m.event_id,
      m.reaction_counts, m.comment_count,
      ${epochMs(sql`m.created_at`)} as created_ms,
      ${epochMs(sql`m.edited_at`)} as edited_ms,
      ${epochMs(sql`p.sort_at`)} as sort_ms, p.sort_id,
      ${summary('u')} as author,
      coalesce((select json_agg(t.tag) from memory_tags t where t.memory_id = m.id), '[]'::json) as tags,
      coalesce((select json_agg(${summary('mu')})
                from memory_mentions mm join users mu on mu.id = mm.user_id
                where mm.memory_id = m.id), '[]'::json) as mentions,
      ${viewerOwnParts(v)}
    from page p
    join memories m on m.id = p.id
    join users u on u.id = m.author_id
    left join groups gr on gr.id = m.group_id
    order by p.sort_at desc, p.sort_id desc`;
}

/** What a cached page reads afresh on every request: counts and the viewer's own reactions and bookmark. */
export interface FreshParts {
  reactionCounts: MemoryView['reactionCounts'];
  commentCount: number;
  myReactions: ReactionType[];
  bookmarked: boolean;
}

/**
 * Checks a home page cached at `snapshot` and reads its fresh parts, in one round trip. `changed` is
 * true when a feed change (see feedChanges in the schema) that the snapshot did not see names the
 * viewer, someone they follow or a friend; the fresh parts are then not read. A memory no longer there is
 * missing from `fresh`.
 */
export async function checkCachedPage(
  db: Executor,
  viewerId: string,
  snapshot: string,
  memoryIds: readonly string[],
): Promise<{ changed: boolean; fresh: Map<string, FreshParts> }> {
  const rows = await queryRows(db, checkCachedPageQuery(viewerId, snapshot, memoryIds));
  const fresh = new Map<string, FreshParts>();
  let changed = false;
  for (const r of rows) {
    if (r.changed === true) changed = true;
    if (typeof r.id === 'string') fresh.set(r.id, toFreshParts(r));
  }
  return { changed, fresh };
}

export function checkCachedPageQuery(viewerId: string, snapshot: string, memoryIds: readonly string[]): SQL {
  const v = sql`${viewerId}::uuid`;
  const snap = sql`${snapshot}::pg_snapshot`;
  // Ids are uuids read from the database; an array literal keeps the statement the same on both drivers.
  const ids = `{${memoryIds.join(',')}}`;
  // A change concerns the viewer when it names them, someone they follow or a friend. "offset 0" keeps each
  // test a key lookup per change row: without it the planner, unable to tell how few rows changed since a
  // snapshot, may hash the whole follows or friendships table instead.
  const concerns = sql`(c.user_id = ${v}
    or exists (select 1 from follows fo where fo.follower_id = ${v} and fo.followee_id = c.user_id offset 0)
    or exists (select 1 from friendships fr
               where fr.user_low_id = least(${v}, c.user_id) and fr.user_high_id = greatest(${v}, c.user_id)
               offset 0))`;
  // What the snapshot did not see: transactions from its xmax on, and those in progress when it was taken
  // (its xip list). Both are index lookups on feed_changes_xid_idx, bounded by the changes since the page
  // was read, however long another transaction holds the snapshot's xmin back.
  return sql`
    with check_changes as (
      select exists (
        select 1 from feed_changes c where c.xid >= pg_snapshot_xmax(${snap}) and ${concerns}
      ) or exists (
        select 1 from feed_changes c
        where c.xid = any (array(select pg_snapshot_xip(${snap}))) and ${concerns}
      ) as changed
    )
    select ch.changed, m.id, m.reaction_counts, m.comment_count, ${viewerOwnParts(v)}
    from check_changes ch
    left join memories m on not ch.changed and m.id = any (${ids}::uuid[])`;
}

type Json = unknown;
const asJson = (value: Json): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const REACTION_ORDER = new Map(REACTION_TYPES.map((t, i) => [t, i]));

/** Case-insensitively, in code-point order: usernames are ASCII and unique whatever their case. */
function byUsername(a: { username: string }, b: { username: string }): number {
  const [x, y] = [a.username.toLowerCase(), b.username.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}

function toFreshParts(r: Record<string, unknown>): FreshParts {
  return {
    reactionCounts: asJson(r.reaction_counts) as FreshParts['reactionCounts'],
    commentCount: Number(r.comment_count),
    myReactions: (asJson(r.my_reactions) as ReactionType[]).sort(
      (a, b) => (REACTION_ORDER.get(a) ?? 0) - (REACTION_ORDER.get(b) ?? 0),
    ),
    bookmarked: r.bookmarked === true,
  };
}

function toMemoryView(r: Record<string, unknown>): MemoryView {
  return {
    id: String(r.id),
    body: String(r.body),
    visibility: r.visibility as Visibility,
    city: (r.city as string | null) ?? null,
    group: typeof r.group_id === 'string' ? { id: r.group_id, name: String(r.group_name) } : null,
    eventId: (r.event_id as string | null) ?? null,
    ...toFreshParts(r),
    createdAt: new Date(Math.round(Number(r.created_ms))),
    editedAt: r.edited_ms === null ? null : new Date(Math.round(Number(r.edited_ms))),
    author: asJson(r.author) as MemoryView['author'],
    tags: (asJson(r.tags) as string[]).sort(),
    mentions: (asJson(r.mentions) as MemoryView['mentions']).sort(byUsername),
    cursor: { createdAt: new Date(Math.round(Number(r.sort_ms))), id: String(r.sort_id) },
  };
}
