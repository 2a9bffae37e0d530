import { REACTION_VALUES, type Notification, type ReactionTypeValue } from '../../../contract/social.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import { toUserSummary } from '../users/users.service.ts';
import {
  countUnread,
  findOwnNotification,
  findVisibleActors,
  listNotificationsQuery,
  markAllNotificationsRead,
  markNotificationRead,
  upsertNotification,
  type NotificationInput,
  type NotificationListRow,
} from './notifications.repo.ts';
import { removeUserFromGroups } from './forget-user.repo.ts';

export type { NotificationInput } from './notifications.repo.ts';

/** Faces shown per notification ("Ana, Bruno and 3 others"). */
const SHOWN_ACTORS = 3;
const REACTIONS: ReadonlySet<string> = new Set(REACTION_VALUES);
const isReaction = (value: string | null): value is ReactionTypeValue =>
  value !== null && REACTIONS.has(value);

export interface NotificationsServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

// Reactions fold per thing reacted to: one row per memory, and one per comment for comment reactions.
function defaultGroupKey(input: NotificationInput): string | undefined {
  if (input.type !== 'reaction') return undefined;
  if (input.commentId) return `reaction:comment:${input.commentId}`;
  if (input.memoryId) return `reaction:${input.memoryId}`;
  return undefined;
}

export function createNotificationsService({ db, events, clock }: NotificationsServiceDeps) {
  async function toNotifications(viewerId: string, rows: NotificationListRow[]): Promise<Notification[]> {
    const ids = [...new Set(rows.flatMap((r) => r.actorIds))];
    const actors = new Map((await findVisibleActors(db, viewerId, ids)).map((u) => [u.id, u]));
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      actors: r.actorIds
        .flatMap((id) => {
          const actor = actors.get(id);
          return actor ? [toUserSummary(actor)] : [];
        })
        .slice(0, SHOWN_ACTORS),
      actorCount: r.actorCount,
      memoryId: r.memoryId,
      commentId: r.commentId,
      friendRequestId: r.friendRequestId,
      group: r.groupId !== null && r.groupName !== null ? { id: r.groupId, name: r.groupName } : null,
      event:
        r.eventId !== null && r.eventTitle !== null
          ? { id: r.eventId, title: r.eventTitle, date: r.eventDate }
          : null,
      reaction: isReaction(r.reaction) ? r.reaction : null,
      read: r.readAt !== null,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  return {
    /** Before an account is deleted: it leaves the groups where someone else acted last. */
    forgetUser: (tx: Transaction, userId: string) => removeUserFromGroups(tx, userId),

    /**
     * Records a notification inside the caller's transaction, so it exists exactly when the
     * action does; `notification.created` goes out after commit. Nobody is notified of their own acts.
     */
    async record(tx: Transaction, emit: Emit, input: NotificationInput): Promise<void> {
      if (input.userId === input.actorId) return;
      const at = clock.now();
      const groupKey = input.groupKey ?? defaultGroupKey(input);
      const { id } = await upsertNotification(tx, { ...input, groupKey }, at);
      emit('notification.created', { notificationId: id, userId: input.userId, at });
    },

    /** The actor's notifications, newest first; those whose latest actor is blocked either way are left out. */
    async list(
      actor: Actor,
      query: PageQuery & { unread?: boolean | undefined },
    ): Promise<Page<Notification>> {
      const rows = await listNotificationsQuery(db, {
        userId: actor.userId,
        unreadOnly: query.unread === true,
        cursor: cursorOf(query),
        limit: query.limit,
      });
      const page = toPage(rows, query.limit);
      return { items: await toNotifications(actor.userId, page.items), meta: page.meta };
    },

    /** One notification as its recipient's list shows it (for the realtime push); undefined if hidden or gone. */
    async findOne(userId: string, notificationId: string): Promise<Notification | undefined> {
      const rows = await listNotificationsQuery(db, {
        userId,
        unreadOnly: false,
        limit: 0,
        onlyId: notificationId,
      });
      const [one] = await toNotifications(userId, rows.slice(0, 1));
      return one;
    },

    /** How many notifications the list would show as unread (the badge). */
    async unreadCount(actor: Actor): Promise<number> {
      return countUnread(db, actor.userId);
    },

    /** Marks one of the actor's notifications read; someone else's or an unknown one is NOT_FOUND. */
    async markRead(actor: Actor, notificationId: string): Promise<void> {
      await transact(db, events, async (tx, emit) => {
        const at = clock.now();
        const marked = await markNotificationRead(tx, actor.userId, notificationId, at);
        if (marked) {
          emit('notification.read', { userId: actor.userId, notificationId, at });
          return;
        }
        // Already read is fine (the call is idempotent); not the actor's is indistinguishable from unknown.
        if (!(await findOwnNotification(tx, actor.userId, notificationId)))
          throw errors.notFound('Notification');
      });
    },

    /** Marks every notification of the actor read; the event carries no id, meaning "all". */
    async markAllRead(actor: Actor): Promise<void> {
      await transact(db, events, async (tx, emit) => {
        const at = clock.now();
        await markAllNotificationsRead(tx, actor.userId, at);
        emit('notification.read', { userId: actor.userId, notificationId: null, at });
      });
    },
  };
}
