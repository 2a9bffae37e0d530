import type { SQL } from 'drizzle-orm';
import type { Memory, ReactionCountsValue } from '../../../contract/social.ts';
import type { Database, Transaction } from '../../db/client.ts';
import { REACTION_TYPES, type MemoryRow, type ReactionType } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import { cursorOf, encodeCursor, type Page, type PageQuery } from '../../lib/pagination.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { RelationsService } from '../relations/relations.service.ts';
import type { UsersService } from '../users/users.service.ts';
import {
  bookmarksQuery,
  cityFeedQuery,
  homeFeedQuery,
  memoryByIdQuery,
  publicFeedQuery,
  tagFeedQuery,
  userFeedQuery,
  type PageWindow,
} from './feeds.repo.ts';
import type { HomePageCache } from './home-cache.ts';
import {
  checkCachedPage,
  hydratePage,
  hydratePageWithSnapshot,
  type FreshParts,
  type MemoryView,
} from './memories-view.repo.ts';
import {
  addToCommentCount,
  addToReactionCount,
  deleteBookmark,
  deleteFeedChangesOlderThan,
  deleteMemoryRow,
  findMemoryForUpdate,
  findVisibleMemory,
  insertBookmark,
  insertMemory,
  listTags,
  memoryExists,
  replaceMentions,
  replaceTags,
  updateMemoryRow,
} from './memories.repo.ts';
import type { CreateMemoryBody, UpdateMemoryBody } from './memories.schema.ts';
import { mergeTags, normalizeTag, parseHashtags, parseMentions } from './memory-text.ts';

export interface MemoriesServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  notifications: NotificationsService;
  users: Pick<UsersService, 'resolveUser'>;
  relations: Pick<RelationsService, 'isBlockedEitherWay'>;
  homeCache: HomePageCache;
}

export type MemoriesService = ReturnType<typeof createMemoriesService>;

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
function toPage(views: MemoryView[], limit: number) {
  const hasMore = views.length > limit;
  const items = hasMore ? views.slice(0, limit) : views;
  const last = items.at(-1);
  return {
    items: items.map(toMemory),
    meta: { hasMore, nextCursor: hasMore && last ? encodeCursor(last.cursor) : null },
  } satisfies Page<Memory>;
}

/** Cached views with their fresh parts; undefined when one of them is gone. */
function withFreshParts(views: MemoryView[], fresh: Map<string, FreshParts>): MemoryView[] | undefined {
  const out: MemoryView[] = [];
  for (const v of views) {
    const parts = fresh.get(v.id);
    if (!parts) return undefined;
    out.push({ ...v, ...parts });
  }
  return out;
}

export function createMemoriesService({
  db,
  events,
  clock,
  notifications,
  users,
  relations,
  homeCache,
}: MemoriesServiceDeps) {
  async function view(exec: Database | Transaction, viewerId: string | null, id: string): Promise<Memory> {
    const [v] = await hydratePage(exec, viewerId, memoryByIdQuery(viewerId, id));
    if (!v) throw errors.notFound('Memory');
    return toMemory(v);
  }

  async function page(viewerId: string | null, query: PageQuery, build: (w: PageWindow) => SQL) {
    const w = { cursor: cursorOf(query), take: query.limit + 1 };
    return toPage(await hydratePage(db, viewerId, build(w)), query.limit);
  }

  /** Home pages being read from the database now, by viewer. */
  const homeReads = new Map<string, Promise<unknown>>();

  /**
   * The home feed. A first page is used again while checkCachedPage finds no change since it was read
   * (one cheap statement instead of the feed query); deeper pages are always read anew.
   */
  async function homeFeed(actor: Actor, query: PageQuery) {
    const viewerId = actor.userId;
    if (cursorOf(query)) return page(viewerId, query, (w) => homeFeedQuery(viewerId, w));
    // A request that finds the page stale or missing while another one reads it waits for that read, and
    // one that finds a newer page stored meanwhile takes it; either checks that page like any cached one
    // (once), so requests arriving together do not all read the page again.
    let cached = homeCache.get(viewerId, query.limit);
    for (let retried = false; homeCache.enabled; retried = true) {
      if (cached) {
        const ids = cached.views.map((v) => v.id);
        const check = await checkCachedPage(db, viewerId, cached.snapshot, ids);
        const views = check.changed ? undefined : withFreshParts(cached.views, check.fresh);
        if (views) {
          homeCache.count('hit');
          return toPage(views, query.limit);
        }
        homeCache.count('stale');
        homeCache.delete(viewerId, cached);
      }
      if (retried) break;
      await homeReads.get(viewerId)?.catch(() => undefined);
      const next = homeCache.get(viewerId, query.limit);
      if (!next || next === cached) break;
      cached = next;
    }
    homeCache.count('miss');
    const first = { cursor: undefined, take: query.limit + 1 };
    const reading = hydratePageWithSnapshot(db, viewerId, homeFeedQuery(viewerId, first));
    homeReads.set(viewerId, reading);
    try {
      const read = await reading;
      if (read.snapshot !== null) {
        homeCache.set(viewerId, { limit: query.limit, snapshot: read.snapshot, views: read.views });
      }
      return toPage(read.views, query.limit);
    } finally {
      if (homeReads.get(viewerId) === reading) homeReads.delete(viewerId);
    }
  }

  /** Mentioned dancers who may see the memory hear about it; nobody hears twice for one memory. */
  async function notifyMentions(tx: Transaction, emit: Emit, memory: MemoryRow, userIds: string[]) {
    for (const userId of userIds) {
      if (!(await findVisibleMemory(tx, userId, memory.id))) continue;
      await notifications.record(tx, emit, {
        userId,
        actorId: memory.authorId,
        type: 'mention',
        memoryId: memory.id,
      });
    }
  }

  /** Loads a memory for its author to change: NOT_FOUND if the actor may not see it, FORBIDDEN if not theirs. */
  async function ownMemory(tx: Transaction, actor: Actor, id: string): Promise<MemoryRow> {
    const row = await findMemoryForUpdate(tx, id);
    if (row && row.authorId === actor.userId) return row;
    if (row && (await findVisibleMemory(tx, actor.userId, id))) {
      throw errors.forbidden('Only the author can change this memory.');
    }
    throw errors.notFound('Memory');
  }

  async function authorIdOf(viewerId: string | null, username: string): Promise<string> {
    const author = await users.resolveUser(username);
    // Someone behind a block, either way, is as unknown as a username that does not exist.
    if (viewerId && (await relations.isBlockedEitherWay(viewerId, author.id))) throw errors.notFound('User');
    return author.id;
  }

  return {
    /** Shares a memory; tags and mentions come from the body. */
    async create(actor: Actor, input: CreateMemoryBody): Promise<Memory> {
      const at = clock.now();
      return transact(db, events, async (tx, emit) => {
        const memory = await insertMemory(tx, {
          authorId: actor.userId,
          body: input.body,
          visibility: input.visibility,
          city: input.city ?? null,
          createdAt: at,
          updatedAt: at,
        });
        await replaceTags(tx, memory, mergeTags(input.body, input.tags ?? []));
        const mentioned = await replaceMentions(tx, memory.id, parseMentions(input.body));
        await notifyMentions(tx, emit, memory, mentioned);
        emit('memory.created', { memoryId: memory.id, authorId: actor.userId, at });
        return view(tx, actor.userId, memory.id);
      });
    },

    /** One memory; NOT_FOUND when it does not exist or the viewer may not see it. */
    get: (viewerId: string | null, id: string): Promise<Memory> => view(db, viewerId, id),

    /** The author edits body, visibility, city or tags; editedAt records it. */
    async update(actor: Actor, id: string, changes: UpdateMemoryBody): Promise<Memory> {
      const at = clock.now();
      return transact(db, events, async (tx, emit) => {
        const old = await ownMemory(tx, actor, id);
        const body = changes.body ?? old.body;
        const updated = await updateMemoryRow(tx, id, {
          body,
          visibility: changes.visibility ?? old.visibility,
          city: changes.city === undefined ? old.city : changes.city,
          editedAt: at,
          updatedAt: at,
        });
        if (!updated) throw errors.notFound('Memory');
        if (changes.body !== undefined || changes.tags !== undefined) {
          // Tags given apart survive a body edit unless the edit replaces them too.
          const inOldBody = new Set(parseHashtags(old.body));
          const apart =
            changes.tags?.map(normalizeTag) ?? (await listTags(tx, id)).filter((t) => !inOldBody.has(t));
          await replaceTags(tx, updated, mergeTags(body, apart));
        }
        if (changes.body !== undefined) {
          const mentioned = await replaceMentions(tx, id, parseMentions(body));
          await notifyMentions(tx, emit, updated, mentioned);
        }
        emit('memory.updated', { memoryId: id, authorId: actor.userId, at });
        return view(tx, actor.userId, id);
      });
    },

    /** The author deletes a memory; comments, reactions, bookmarks and notifications go with it. */
    async remove(actor: Actor, id: string): Promise<void> {
      const at = clock.now();
      await transact(db, events, async (tx, emit) => {
        await ownMemory(tx, actor, id);
        await deleteMemoryRow(tx, id);
        emit('memory.deleted', { memoryId: id, authorId: actor.userId, at });
      });
    },

    homeFeed,

    /**
     * Drops feed changes older than an hour. A cached page is used for at most HOME_CACHE_TTL_MS, so only
     * a transaction open for most of an hour could commit a change a cached page still needs to see.
     */
    pruneFeedChanges: () => deleteFeedChangesOlderThan(db, '1 hour'),
    publicFeed: (viewerId: string | null, q: PageQuery) =>
      page(viewerId, q, (w) => publicFeedQuery(viewerId, w)),
    cityFeed: (viewerId: string | null, city: string, q: PageQuery) =>
      page(viewerId, q, (w) => cityFeedQuery(viewerId, city, w)),
    tagFeed: (viewerId: string | null, tag: string, q: PageQuery) =>
      page(viewerId, q, (w) => tagFeedQuery(viewerId, normalizeTag(tag), w)),

    /** A dancer's memories the viewer may see; NOT_FOUND for an unknown dancer or one behind a block. */
    async userFeed(viewerId: string | null, username: string, q: PageQuery) {
      const authorId = await authorIdOf(viewerId, username);
      return page(viewerId, q, (w) => userFeedQuery(viewerId, authorId, w));
    },

    async bookmark(actor: Actor, id: string): Promise<void> {
      await transact(db, events, async (tx) => {
        if (!(await findVisibleMemory(tx, actor.userId, id))) throw errors.notFound('Memory');
        await insertBookmark(tx, actor.userId, id);
      });
    },

    /** Removing works even when the memory has since become invisible, so nothing stays stuck. */
    async unbookmark(actor: Actor, id: string): Promise<void> {
      await deleteBookmark(db, actor.userId, id);
    },

    listBookmarks: (actor: Actor, q: PageQuery) =>
      page(actor.userId, q, (w) => bookmarksQuery(actor.userId, w)),

    /** The memory row, or NOT_FOUND when it does not exist or the viewer may not see it (the same answer). */
    async findVisible(viewerId: string | null, memoryId: string, tx?: Transaction): Promise<MemoryRow> {
      const row = await findVisibleMemory(tx ?? db, viewerId, memoryId);
      if (!row) throw errors.notFound('Memory');
      return row;
    },

    exists: (memoryId: string) => memoryExists(db, memoryId),

    /** Keeps memories.comment_count in step; call in the transaction that adds or removes comments. */
    async adjustCommentCount(tx: Transaction, memoryId: string, delta: number): Promise<void> {
      await addToCommentCount(tx, memoryId, delta);
    },

    /** Keeps memories.reaction_counts in step; call in the transaction that adds or removes the reaction. */
    async adjustReactionCount(
      tx: Transaction,
      memoryId: string,
      type: ReactionType,
      delta: number,
    ): Promise<void> {
      await addToReactionCount(tx, memoryId, type, delta);
    },
  };
}
