import type { Database, Transaction } from '../../db/client.ts';
import type { FriendRequestRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { toUserSummary, type UsersService } from '../users/users.service.ts';
import {
  answerFriendRequest,
  findFriendRequest,
  findPendingBetween,
  insertFriendRequest,
  listPending,
  type FriendRequestDirection,
  type FriendRequestView,
} from './friend-requests.repo.ts';
import type { FriendRequest, SendFriendRequestBody } from './relations.schema.ts';
import { refreshPair } from './home-timelines.repo.ts';
import { addCounts, insertFriendship, isFriendship } from './relations.repo.ts';
import { lockPair, lockReachable } from './relationships.service.ts';

export interface FriendRequestsServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  notifications: NotificationsService;
  users: UsersService;
}

export type FriendRequestsService = ReturnType<typeof createFriendRequestsService>;

/** created: a new request; pending: yours was already open; accepted: they had asked you first. */
export type SendOutcome = 'created' | 'pending' | 'accepted';

// The earliest time zone is UTC+14: a date up to then is "today" somewhere.
const LATEST_OFFSET_MS = 14 * 60 * 60 * 1000;

export function toFriendRequest(v: FriendRequestView): FriendRequest {
  const r = v.request;
  return {
    id: r.id,
    from: toUserSummary(v.from),
    to: toUserSummary(v.to),
    danced: r.danced,
    where: r.dancedWhere,
    when: r.dancedOn,
    message: r.message,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    respondedAt: r.respondedAt?.toISOString() ?? null,
  };
}

/** Friend requests: sending, answering, withdrawing and listing the open ones. */
export function createFriendRequestsService(deps: FriendRequestsServiceDeps) {
  const { db, events, clock, notifications, users } = deps;

  async function viewOf(tx: Transaction, id: string): Promise<FriendRequest> {
    const v = await findFriendRequest(tx, id);
    if (!v) throw new Error(`friend request ${id} vanished inside its transaction`);
    return toFriendRequest(v);
  }

  /** Accepts a pending request; the caller holds the pair's lock. */
  async function acceptLocked(tx: Transaction, emit: Emit, request: FriendRequestRow): Promise<void> {
    const at = clock.now();
    const { fromUserId, toUserId } = request;
    if (!(await answerFriendRequest(tx, request.id, 'accepted', at))) {
      throw errors.conflict('This friend request is no longer pending.');
    }
    if (await insertFriendship(tx, fromUserId, toUserId, at)) {
      await addCounts(tx, fromUserId, { friends: 1 });
      await addCounts(tx, toUserId, { friends: 1 });
      await refreshPair(tx, fromUserId, toUserId);
      emit('friendship.created', { userIds: [fromUserId, toUserId], at });
    }
    await notifications.record(tx, emit, {
      userId: fromUserId,
      actorId: toUserId,
      type: 'friend_accepted',
      friendRequestId: request.id,
    });
    emit('friend_request.changed', { requestId: request.id, fromUserId, toUserId, at });
  }

  /**
   * A pending request the actor takes part in, in the given role. Anyone else's reads as
   * NOT_FOUND; the other party asking for this role's action is FORBIDDEN; an answered one CONFLICT.
   */
  async function pendingOwnRequest(actor: Actor, id: string, role: 'recipient' | 'sender', action: string) {
    const v = await findFriendRequest(db, id);
    const r = v?.request;
    if (!r || (r.fromUserId !== actor.userId && r.toUserId !== actor.userId)) {
      throw errors.notFound('Friend request');
    }
    const holder = role === 'recipient' ? r.toUserId : r.fromUserId;
    if (holder !== actor.userId) throw errors.forbidden(`Only the ${role} of this request can ${action} it.`);
    if (r.status !== 'pending') throw errors.conflict(`This friend request is already ${r.status}.`);
    return r;
  }

  /** Answers a pending request without touching the friendship (decline, cancel). */
  async function close(request: FriendRequestRow, status: 'declined' | 'cancelled'): Promise<FriendRequest> {
    return transact(db, events, async (tx, emit) => {
      const at = clock.now();
      if (!(await answerFriendRequest(tx, request.id, status, at))) {
        throw errors.conflict('This friend request is no longer pending.');
      }
      const { fromUserId, toUserId } = request;
      emit('friend_request.changed', { requestId: request.id, fromUserId, toUserId, at });
      return viewOf(tx, request.id);
    });
  }

  return {
    /**
     * Asks a dancer to be friends. When they had already asked the actor, this accepts theirs;
     * when the actor's own request is open, it is returned unchanged.
     */
    async send(
      actor: Actor,
      username: string,
      body: SendFriendRequestBody,
    ): Promise<{ outcome: SendOutcome; request: FriendRequest }> {
      const me = actor.userId;
      const them = (await users.resolveUser(username)).id;
      if (them === me) {
        throw errors.validation([{ path: 'params.username', message: 'You cannot befriend yourself.' }]);
      }
      const latest = new Date(clock.now().getTime() + LATEST_OFFSET_MS).toISOString().slice(0, 10);
      if (body.when !== undefined && body.when > latest) {
        throw errors.validation([{ path: 'body.when', message: 'The date cannot be in the future.' }]);
      }
      return transact(db, events, async (tx, emit) => {
        await lockReachable(tx, me, them, 'send them a friend request');
        if (await isFriendship(tx, me, them)) throw errors.conflict('You are already friends.');
        const pending = await findPendingBetween(tx, me, them);
        if (pending?.fromUserId === me) return { outcome: 'pending', request: await viewOf(tx, pending.id) };
        if (pending) {
          await acceptLocked(tx, emit, pending);
          return { outcome: 'accepted', request: await viewOf(tx, pending.id) };
        }
        const row = await insertFriendRequest(tx, {
          fromUserId: me,
          toUserId: them,
          danced: body.danced ?? false,
          dancedWhere: body.where ?? null,
          dancedOn: body.when ?? null,
          message: body.message ?? null,
          createdAt: clock.now(),
        });
        await notifications.record(tx, emit, {
          userId: them,
          actorId: me,
          type: 'friend_request',
          friendRequestId: row.id,
        });
        emit('friend_request.changed', {
          requestId: row.id,
          fromUserId: me,
          toUserId: them,
          at: row.createdAt,
        });
        return { outcome: 'created', request: await viewOf(tx, row.id) };
      });
    },

    /** Accepts a request the actor received: both become friends and the sender is notified. */
    async accept(actor: Actor, id: string): Promise<FriendRequest> {
      const request = await pendingOwnRequest(actor, id, 'recipient', 'accept');
      return transact(db, events, async (tx, emit) => {
        // The sender's account may have gone meanwhile; its requests went with it.
        if (!(await lockPair(tx, actor.userId, request.fromUserId))) throw errors.notFound('Friend request');
        await acceptLocked(tx, emit, request);
        return viewOf(tx, request.id);
      });
    },

    /** Declines a request the actor received; the sender is not notified. */
    async decline(actor: Actor, id: string): Promise<FriendRequest> {
      const request = await pendingOwnRequest(actor, id, 'recipient', 'decline');
      return close(request, 'declined');
    },

    /** Withdraws a request the actor sent. */
    async cancel(actor: Actor, id: string): Promise<void> {
      const request = await pendingOwnRequest(actor, id, 'sender', 'cancel');
      await close(request, 'cancelled');
    },

    /** The actor's open requests, received or sent, newest first. */
    async listPending(
      actor: Actor,
      direction: FriendRequestDirection,
      query: PageQuery,
    ): Promise<Page<FriendRequest>> {
      const rows = await listPending(db, {
        userId: actor.userId,
        direction,
        cursor: cursorOf(query),
        limit: query.limit,
      });
      const page = toPage(
        rows.map((v) => ({ id: v.request.id, createdAt: v.request.createdAt, v })),
        query.limit,
      );
      return { items: page.items.map((i) => toFriendRequest(i.v)), meta: page.meta };
    },
  };
}
