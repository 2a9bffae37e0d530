import type { ListedUser, UserSummary } from '../../../contract/social.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { Visibility } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type EventBus } from '../../lib/events.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { toUserSummary, type UsersService } from '../users/users.service.ts';
import { deletePendingBetween } from './friend-requests.repo.ts';
import {
  listBlocks,
  listMutes,
  listRelation,
  type ListedUserRow,
  type RelationList,
  type UserEdgeRow,
} from './relation-lists.repo.ts';
import {
  addCounts,
  deleteBlock,
  deleteFollow,
  deleteFriendship,
  deleteMute,
  insertBlock,
  insertFollow,
  insertMute,
} from './relations.repo.ts';
import { createRelationshipsService, lockPair, lockReachable } from './relationships.service.ts';
import { subtractUserLinks } from './forget-user.repo.ts';
import { markLastSeen, presenceAudience, visiblePresence } from './presence.repo.ts';
import { listFeedAudience } from './feed-audience.repo.ts';
import {
  deleteHomeTimeline,
  fanOutMemory,
  refreshPair,
  refreshSource,
  trimAllHomeTimelines,
} from './home-timelines.repo.ts';

export interface RelationsServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  notifications: NotificationsService;
  users: UsersService;
}

export type RelationsService = ReturnType<typeof createRelationsService>;
/** The most people one new memory is pushed to as feed:new (a star's followers past it load it later). */
export const FEED_AUDIENCE_MAX = 10_000;
/** Which people `listPeople` lists; routes name it through the service, never the repo. */
export type { RelationList };

function toSummaryPage(rows: UserEdgeRow[], limit: number): Page<UserSummary> {
  const page = toPage(rows, limit);
  return { items: page.items.map(toUserSummary), meta: page.meta };
}

function toListedPage(rows: ListedUserRow[], limit: number): Page<ListedUser> {
  const page = toPage(rows, limit);
  return {
    items: page.items.map((row) => ({ ...toUserSummary(row), viewerFollows: row.viewerFollows })),
    meta: page.meta,
  };
}

/**
 * Follows, friendships, blocks and mutes. Counters on users move in the same transaction as the
 * edge, and only when a row was really inserted or deleted, so repeats and races never skew them.
 */
export function createRelationsService(deps: RelationsServiceDeps) {
  const { db, events, clock, notifications, users } = deps;
  const relationships = createRelationshipsService({ db });

  /** The other user's id; refuses acting on oneself. */
  async function otherUser(actor: Actor, username: string, verb: string): Promise<string> {
    const other = await users.resolveUser(username);
    if (other.id === actor.userId) {
      throw errors.validation([{ path: 'params.username', message: `You cannot ${verb} yourself.` }]);
    }
    return other.id;
  }

  /** A profile's owner as the viewer may see it: a block either way reads as an unknown user. */
  async function visibleOwner(viewerId: string | null, username: string): Promise<string> {
    const owner = await users.resolveUser(username);
    if (viewerId !== null && (await relationships.isBlockedEitherWay(viewerId, owner.id))) {
      throw errors.notFound('User');
    }
    return owner.id;
  }

  return {
    ...relationships,

    /** Before an account is deleted: it comes off the follower, following and friend counts of others. */
    forgetUser: async (tx: Transaction, userId: string): Promise<void> => {
      await subtractUserLinks(tx, userId);
      await deleteHomeTimeline(tx, userId);
    },

    /**
     * Writes a new or widened memory into the home timelines it reaches; call last in the transaction
     * that writes it (it holds the author's row until commit).
     */
    fanOutMemory: (tx: Transaction, authorId: string, memoryId: string) =>
      fanOutMemory(tx, authorId, memoryId),
    /** Trims every home timeline to its cap; answers the rows removed. */
    trimHomeTimelines: () => trimAllHomeTimelines(db),

    /** Friends who hear when this user comes and goes; none if the user turned presence off. */
    presenceAudience: (userId: string) => presenceAudience(db, userId),
    /** Of these users, the viewer's friends who show their presence, with their last-seen time. */
    visiblePresence: (viewerId: string, userIds: readonly string[]) => visiblePresence(db, viewerId, userIds),
    markLastSeen: (userId: string, at: Date) => markLastSeen(db, userId, at),

    /**
     * Who hears at once of a new memory for their home feed: followers and friends (public, followers)
     * or friends (friends), less those who mute the author or stand in a block with them; nobody for a
     * private one or one shared in a group (home feeds do not show those). Bounded at
     * FEED_AUDIENCE_MAX: past it, the rest see it on their next load.
     */
    async feedAudience(authorId: string, visibility: Visibility): Promise<string[]> {
      if (visibility === 'private' || visibility === 'group') return [];
      return listFeedAudience(db, authorId, visibility, FEED_AUDIENCE_MAX);
    },

    /** Follows a dancer; a repeat is a no-op. Refused while a block stands either way. */
    async follow(actor: Actor, username: string): Promise<void> {
      const me = actor.userId;
      const them = await otherUser(actor, username, 'follow');
      await transact(db, events, async (tx, emit) => {
        await lockReachable(tx, me, them, 'follow them');
        const at = clock.now();
        if (!(await insertFollow(tx, me, them, at))) return;
        await addCounts(tx, me, { following: 1 });
        await addCounts(tx, them, { followers: 1 });
        await refreshSource(tx, me, them);
        await notifications.record(tx, emit, { userId: them, actorId: me, type: 'follow' });
        emit('follow.created', { followerId: me, followeeId: them, at });
      });
    },

    /** Stops following; nothing happens when there was no follow. */
    async unfollow(actor: Actor, username: string): Promise<void> {
      const me = actor.userId;
      const them = await otherUser(actor, username, 'unfollow');
      await transact(db, events, async (tx, emit) => {
        if (!(await lockPair(tx, me, them))) return;
        if (!(await deleteFollow(tx, me, them))) return;
        await addCounts(tx, me, { following: -1 });
        await addCounts(tx, them, { followers: -1 });
        await refreshSource(tx, me, them);
        emit('follow.deleted', { followerId: me, followeeId: them, at: clock.now() });
      });
    },

    /** Ends a friendship for both; nothing happens when there was none. */
    async unfriend(actor: Actor, username: string): Promise<void> {
      const me = actor.userId;
      const them = await otherUser(actor, username, 'unfriend');
      await transact(db, events, async (tx, emit) => {
        if (!(await lockPair(tx, me, them))) return;
        if (!(await deleteFriendship(tx, me, them))) return;
        await addCounts(tx, me, { friends: -1 });
        await addCounts(tx, them, { friends: -1 });
        await refreshPair(tx, me, them);
        emit('friendship.deleted', { userIds: [me, them], at: clock.now() });
      });
    },

    /**
     * Blocks a dancer and, in the same transaction, removes follows both ways, the friendship and
     * open friend requests. Always allowed, even when they block the actor too.
     */
    async block(actor: Actor, username: string): Promise<void> {
      const me = actor.userId;
      const them = await otherUser(actor, username, 'block');
      await transact(db, events, async (tx, emit) => {
        if (!(await lockPair(tx, me, them))) return;
        const at = clock.now();
        if (await insertBlock(tx, me, them, at))
          emit('block.created', { blockerId: me, blockedId: them, at });
        for (const [follower, followee] of [
          [me, them],
          [them, me],
        ] as const) {
          if (!(await deleteFollow(tx, follower, followee))) continue;
          await addCounts(tx, follower, { following: -1 });
          await addCounts(tx, followee, { followers: -1 });
          emit('follow.deleted', { followerId: follower, followeeId: followee, at });
        }
        if (await deleteFriendship(tx, me, them)) {
          await addCounts(tx, me, { friends: -1 });
          await addCounts(tx, them, { friends: -1 });
          emit('friendship.deleted', { userIds: [me, them], at });
        }
        await refreshPair(tx, me, them);
        for (const r of await deletePendingBetween(tx, me, them)) {
          emit('friend_request.changed', {
            requestId: r.id,
            fromUserId: r.fromUserId,
            toUserId: r.toUserId,
            at,
          });
        }
      });
    },

    /** Lifts a block; what it removed stays removed. */
    async unblock(actor: Actor, username: string): Promise<void> {
      const them = await otherUser(actor, username, 'unblock');
      await deleteBlock(db, actor.userId, them);
    },

    /** Mutes a dancer; they are not told. */
    async mute(actor: Actor, username: string): Promise<void> {
      const them = await otherUser(actor, username, 'mute');
      await transact(db, events, async (tx) => {
        if (!(await lockPair(tx, actor.userId, them))) return;
        await insertMute(tx, actor.userId, them, clock.now());
        await refreshSource(tx, actor.userId, them);
      });
    },

    /** Unmutes; what the mute kept out of the home feed comes back to it. */
    async unmute(actor: Actor, username: string): Promise<void> {
      const them = await otherUser(actor, username, 'unmute');
      await transact(db, events, async (tx) => {
        if (!(await lockPair(tx, actor.userId, them))) return;
        await deleteMute(tx, actor.userId, them);
        await refreshSource(tx, actor.userId, them);
      });
    },

    /** Followers, following or friends of a dancer, leaving out anyone blocked either way with the viewer. */
    async listPeople(
      viewerId: string | null,
      username: string,
      list: RelationList,
      query: PageQuery,
    ): Promise<Page<ListedUser>> {
      const cursor = cursorOf(query);
      const ownerId = await visibleOwner(viewerId, username);
      const rows = await listRelation(db, list, { ownerId, viewerId, cursor, limit: query.limit });
      return toListedPage(rows, query.limit);
    },

    /** The people the actor blocks. */
    async listBlocked(actor: Actor, query: PageQuery): Promise<Page<UserSummary>> {
      const rows = await listBlocks(db, {
        ownerId: actor.userId,
        cursor: cursorOf(query),
        limit: query.limit,
      });
      return toSummaryPage(rows, query.limit);
    },

    /** The people the actor mutes. */
    async listMuted(actor: Actor, query: PageQuery): Promise<Page<UserSummary>> {
      const rows = await listMutes(db, {
        ownerId: actor.userId,
        cursor: cursorOf(query),
        limit: query.limit,
      });
      return toSummaryPage(rows, query.limit);
    },
  };
}
