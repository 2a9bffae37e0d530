import type { SQL } from 'drizzle-orm';
import type { Memory, ReactionCountsValue } from '../../../contract/social.ts';
import type { Database } from '../../db/client.ts';
import { REACTION_TYPES } from '../../db/schema/index.ts';
import { cursorOf, encodeCursor, type Page, type PageQuery } from '../../lib/pagination.ts';
import type { PageWindow } from './feeds.repo.ts';
import { hydratePage, type MemoryView } from './memories-view.repo.ts';

/** The contract's shape of a memory as one viewer sees it. */
export function toMemory(v: MemoryView): Memory {
  const counts = Object.fromEntries(
    REACTION_TYPES.map((t) => [t, v.reactionCounts[t] ?? 0]),
  ) as ReactionCountsValue;
  const summary = (u: { id: string; username: string; displayName: string }) => ({ ...u, avatarUrl: null });
  return {
    id: v.id,
    author: summary(v.author),
    body: v.body,
    visibility: v.visibility,
    city: v.city,
    group: v.group,
    eventId: v.eventId,
    tags: v.tags,
    mentions: v.mentions.map(summary),
    media: [],
    reactionCounts: counts,
    myReactions: v.myReactions,
    commentCount: v.commentCount,
    bookmarked: v.bookmarked,
    createdAt: v.createdAt.toISOString(),
    editedAt: v.editedAt?.toISOString() ?? null,
  };
}

/** A page of `take` = limit + 1 views as the contract's page. */
export function toPage(views: MemoryView[], limit: number): Page<Memory> {
  const hasMore = views.length > limit;
  const items = hasMore ? views.slice(0, limit) : views;
  const last = items.at(-1);
  return {
    items: items.map(toMemory),
    meta: { hasMore, nextCursor: hasMore && last ? encodeCursor(last.cursor) : null },
  };
}

/** One page of a feed, read from the database: `build` gives the feed's query for the page's window. */
export async function readPage(
  db: Database,
  viewerId: string | null,
  query: PageQuery,
  build: (w: PageWindow) => SQL,
): Promise<Page<Memory>> {
  const w = { cursor: cursorOf(query), take: query.limit + 1 };
  return toPage(await hydratePage(db, viewerId, build(w)), query.limit);
}
