import type { SQL } from 'drizzle-orm';
import type { Memory } from '../../../contract/social.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { MemoryRow, ReactionType } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import type { PageQuery } from '../../lib/pagination.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { RelationsService } from '../relations/relations.service.ts';
import type { GroupsService } from '../groups/groups.service.ts';
import type { UsersService } from '../users/users.service.ts';
import {
  bookmarksQuery,
  cityFeedQuery,
  groupFeedQuery,
  memoryByIdQuery,
  publicFeedQuery,
  tagFeedQuery,
  userFeedQuery,
  type PageWindow,
} from './feeds.repo.ts';
import type { HomePageCache } from './home-cache.ts';
import { createHomeFeedService } from './home-feed.service.ts';
import { hydratePage } from './memories-view.repo.ts';
import {
  addToCommentCount,
  addToReactionCount,
  deleteBookmark,
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
import { readPage, toMemory } from './memory-page.ts';

export interface MemoriesServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  notifications: NotificationsService;
  users: Pick<UsersService, 'resolveUser'>;
  relations: Pick<RelationsService, 'isBlockedEitherWay' | 'fanOutMemory'>;
  groups: Pick<GroupsService, 'assertCanRead'>;
  homeCache: HomePageCache;
}

export type MemoriesService = ReturnType<typeof createMemoriesService>;

export function createMemoriesService({
  db,
  events,
  clock,
  notifications,
  users,
  relations,
  groups,
  homeCache,
}: MemoriesServiceDeps) {
  async function view(exec: Database | Transaction, viewerId: string | null, id: string): Promise<Memory> {
    const [v] = await hydratePage(exec, viewerId, memoryByIdQuery(viewerId, id));
    if (!v) throw errors.notFound('Memory');
    return toMemory(v);
  }

  const page = (viewerId: string | null, query: PageQuery, build: (w: PageWindow) => SQL) =>
    readPage(db, viewerId, query, build);
  const home = createHomeFeedService({ db, homeCache });

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

  /**
   * Loads a memory for its author to change (or, with `moderate`, for a moderator of the group it was
   * shared in to delete): NOT_FOUND if the actor may not see it, FORBIDDEN if it is not theirs.
   */
  async function ownMemory(tx: Transaction, actor: Actor, id: string, moderate = false): Promise<MemoryRow> {
    const row = await findMemoryForUpdate(tx, id);
    if (row && row.authorId === actor.userId) return row;
    if (row && (await findVisibleMemory(tx, actor.userId, id))) {
      if (moderate && row.groupId && (await moderatesGroup(tx, actor.userId, row.groupId))) return row;
      throw errors.forbidden('Only the author can change this memory.');
    }
    throw errors.notFound('Memory');
  }

  async function moderatesGroup(tx: Transaction, userId: string, groupId: string): Promise<boolean> {
    const { role } = await groups.assertCanRead(userId, groupId, tx);
    return role === 'owner' || role === 'admin' || role === 'moderator';
  }

  /** Where a new memory goes: its visibility, and its group (whose member the actor must be). */
  async function placeOf(actor: Actor, input: CreateMemoryBody) {
    if (input.groupId === undefined) return { visibility: input.visibility ?? 'public', groupId: null };
    const { role } = await groups.assertCanRead(actor.userId, input.groupId);
    if (role === null) throw errors.forbidden('Only its members share memories in a group.');
    return { visibility: 'group' as const, groupId: input.groupId };
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
      const { visibility, groupId } = await placeOf(actor, input);
      return transact(db, events, async (tx, emit) => {
        const memory = await insertMemory(tx, {
          authorId: actor.userId,
          body: input.body,
          visibility,
          groupId,
          city: input.city ?? null,
          createdAt: at,
          updatedAt: at,
        });
        await replaceTags(tx, memory, mergeTags(input.body, input.tags ?? []));
        const mentioned = await replaceMentions(tx, memory.id, parseMentions(input.body));
        await notifyMentions(tx, emit, memory, mentioned);
        // Last: it holds the author's row until commit (relations/home-timelines.repo.ts says why).
        if (groupId === null) await relations.fanOutMemory(tx, actor.userId, memory.id);
        emit('memory.created', { memoryId: memory.id, authorId: actor.userId, visibility, at });
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
        if (old.groupId && changes.visibility !== undefined) {
          throw errors.validation(
            [{ path: 'body.visibility', message: 'A memory shared in a group is seen by the group' }],
            'A memory shared in a group stays in it.',
          );
        }
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
        // A wider visibility reaches timelines the memory was not written to; a narrower one needs nothing.
        if (updated.visibility !== old.visibility && old.groupId === null) {
          await relations.fanOutMemory(tx, actor.userId, id);
        }
        emit('memory.updated', { memoryId: id, authorId: actor.userId, at });
        return view(tx, actor.userId, id);
      });
    },

    /**
     * The author (or a moderator of the group it was shared in) deletes a memory; comments, reactions,
     * bookmarks and notifications go with it.
     */
    async remove(actor: Actor, id: string): Promise<void> {
      const at = clock.now();
      await transact(db, events, async (tx, emit) => {
        const row = await ownMemory(tx, actor, id, true);
        await deleteMemoryRow(tx, id);
        emit('memory.deleted', { memoryId: id, authorId: row.authorId, at });
      });
    },

    /** The home feed, its first page through the home page cache (home-feed.service.ts). */
    homeFeed: home.homeFeed,
    /** Drops feed changes older than an hour (home-feed.service.ts says why an hour). */
    pruneFeedChanges: home.pruneFeedChanges,
    publicFeed: (viewerId: string | null, q: PageQuery) =>
      page(viewerId, q, (w) => publicFeedQuery(viewerId, w)),
    cityFeed: (viewerId: string | null, city: string, q: PageQuery) =>
      page(viewerId, q, (w) => cityFeedQuery(viewerId, city, w)),
    /** A group's memories: NOT_FOUND for no group, FORBIDDEN for a private one the viewer is not in. */
    async groupFeed(viewerId: string | null, groupId: string, q: PageQuery) {
      await groups.assertCanRead(viewerId, groupId);
      return page(viewerId, q, (w) => groupFeedQuery(viewerId, groupId, w));
    },
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
