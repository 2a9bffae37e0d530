import type { CreateGroupBody, Group, UpdateGroupBody } from '../../../contract/groups.ts';
import { GROUP_MAX_MEMBERS, type GroupRole } from '../../../contract/rules.ts';
import type { Database, Executor, Transaction } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type Emit, type EventBus } from '../../lib/events.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { Page, PageQuery } from '../../lib/pagination.ts';
import type { UsersService } from '../users/users.service.ts';
import { createGroupChat, type GroupConversations } from './group-chat.ts';
import { createGroupMembersService, lockGroupWithRole } from './group-members.service.ts';
import {
  admitAllRequests,
  deleteMember,
  deleteRequest,
  findSuccessor,
  insertMember,
  insertRequest,
  isBanned,
  listStaffIds,
  listOwnedGroupIds,
  setRole,
} from './group-members.repo.ts';
import {
  deleteGroup,
  findCityIdBySlug,
  findGroupPosition,
  findGroupView,
  insertGroup,
  listGroups,
  listMyGroups,
  lockGroupsOfMember,
  updateGroup,
  type GroupPosition,
  type GroupViewRow,
  type NewGroup,
} from './groups.repo.ts';
import { decodeGroupCursor, encodeGroupCursor, invalidCursor, toGroup } from './groups.views.ts';

export interface GroupsServiceDeps {
  db: Database;
  events: EventBus;
  users: Pick<UsersService, 'findUser'>;
  notifications: Pick<NotificationsService, 'record'>;
  /** Each group's chat conversation, kept to its members. */
  chat: GroupConversations;
  /** How many members the group's chat seats (GROUP_MAX_MEMBERS; tests pass fewer). */
  chatSeats?: number;
}

export type GroupsService = ReturnType<typeof createGroupsService>;

export const OWNER_CANNOT_LEAVE_MESSAGE = 'The owner cannot leave the group: transfer ownership first.';
export const BANNED_MESSAGE = 'You are banned from this group.';

/** Groups: starting, finding and changing them, joining and leaving, and who belongs (members service). */
export function createGroupsService({
  db,
  events,
  users,
  notifications,
  chat,
  chatSeats = GROUP_MAX_MEMBERS,
}: GroupsServiceDeps) {
  const groupChat = createGroupChat({ chat, seats: chatSeats });

  async function getView(groupId: string, viewerId: string | null): Promise<Group> {
    const row = await findGroupView(db, groupId, viewerId);
    if (!row) throw errors.notFound('Group');
    const seats = await groupChat.seatsOf(row.viewerRole === null ? null : viewerId, [groupId]);
    return toGroup(row, seats.get(groupId) ?? null);
  }

  async function cityIdOf(slug: string, path: string): Promise<string> {
    const id = await findCityIdBySlug(db, slug);
    if (!id) throw errors.validation([{ path, message: 'No city community has this slug' }]);
    return id;
  }

  async function positionOf(cursor: string | undefined): Promise<GroupPosition | undefined> {
    if (cursor === undefined) return undefined;
    const position = await findGroupPosition(db, decodeGroupCursor(cursor));
    if (!position) throw invalidCursor();
    return position;
  }

  async function pageOf(rows: GroupViewRow[], limit: number, viewerId: string | null): Promise<Page<Group>> {
    const hasMore = rows.length > limit;
    const items = hasMore ? rows.slice(0, limit) : rows;
    const last = items.at(-1);
    const memberOf = items.filter((r) => r.viewerRole !== null).map((r) => r.id);
    const seats = await groupChat.seatsOf(memberOf.length === 0 ? null : viewerId, memberOf);
    return {
      items: items.map((row) => toGroup(row, seats.get(row.id) ?? null)),
      meta: { hasMore, nextCursor: hasMore && last ? encodeGroupCursor(last.id) : null },
    };
  }

  // Account deletion publishes no events (its hooks get no emit): the dancer a freed seat goes to
  // finds the chat on their next read of their conversations.
  const unannounced: Emit = () => undefined;

  /**
   * Before an account goes (account service hook): each group it owns passes to the first of its
   * members list (admins, then moderators, then members, longest-serving first), or is deleted with
   * nobody left. Then the dancer leaves each group and its chat (their seat goes to whoever waits);
   * requests and bans go by cascade; the triggers recount.
   */
  async function forgetUser(tx: Transaction, userId: string): Promise<void> {
    // The cascade recounts every group the dancer is in: lock them in id order first, as one-group
    // writes lock theirs, so two deletions cannot deadlock.
    const groupIds = await lockGroupsOfMember(tx, userId);
    const deleted = new Set<string>();
    for (const groupId of await listOwnedGroupIds(tx, userId)) {
      const successor = await findSuccessor(tx, groupId, userId);
      if (successor === undefined) {
        // Its chat goes by cascade: the dancer was its only member.
        await deleteGroup(tx, groupId);
        deleted.add(groupId);
        continue;
      }
      // One owner at a time (group_members_one_owner): step down first.
      await setRole(tx, groupId, userId, 'member');
      await setRole(tx, groupId, successor, 'owner');
    }
    // Out of each group now rather than by the cascade, so that their chat seat goes to whoever waits.
    for (const groupId of groupIds.filter((id) => !deleted.has(id))) {
      await deleteMember(tx, groupId, userId);
      await groupChat.unseat(tx, unannounced, groupId, userId);
    }
  }

  return {
    ...createGroupMembersService({ db, events, users, notifications, groupChat }),

    /** Starts a group, with its chat; its creator is its owner. */
    async createGroup(actor: Actor, body: CreateGroupBody): Promise<Group> {
      const cityId = body.city === undefined ? null : await cityIdOf(body.city, 'body.city');
      const groupId = await transact(db, events, async (tx, emit) => {
        const id = await insertGroup(tx, {
          name: body.name,
          description: body.description ?? '',
          visibility: body.visibility,
          cityId,
        });
        await insertMember(tx, id, actor.userId, 'owner');
        await groupChat.open(tx, emit, id);
        return id;
      });
      return getView(groupId, actor.userId);
    },

    /** Every group, private ones too, in name order; in one city, or whose name starts with q. */
    async listGroups(
      viewerId: string | null,
      query: PageQuery & { city?: string | undefined; q?: string | undefined },
    ): Promise<Page<Group>> {
      const cityId = query.city === undefined ? undefined : await cityIdOf(query.city, 'query.city');
      const after = await positionOf(query.cursor);
      const rows = await listGroups(db, { cityId, prefix: query.q, after, viewerId, limit: query.limit });
      return pageOf(rows, query.limit, viewerId);
    },

    /** The groups the actor is a member of (not those asked to join), in name order. */
    async listMyGroups(actor: Actor, query: PageQuery): Promise<Page<Group>> {
      const after = await positionOf(query.cursor);
      const rows = await listMyGroups(db, { userId: actor.userId, after, limit: query.limit });
      return pageOf(rows, query.limit, actor.userId);
    },

    /** A group, with the viewer's standing in it (null for anonymous viewers). */
    async getGroup(viewerId: string | null, groupId: string): Promise<Group> {
      return getView(groupId, viewerId);
    },

    /**
     * Changes a group (owner or admin); its chat takes a new name with it. A private group made
     * public takes its pending requests as members, since anyone may now join it at once.
     */
    async updateGroup(actor: Actor, groupId: string, changes: UpdateGroupBody): Promise<Group> {
      const values: Partial<NewGroup> = {};
      if (changes.name !== undefined) values.name = changes.name;
      if (changes.description !== undefined) values.description = changes.description;
      if (changes.visibility !== undefined) values.visibility = changes.visibility;
      if (changes.city !== undefined)
        values.cityId = changes.city === null ? null : await cityIdOf(changes.city, 'body.city');
      await transact(db, events, async (tx, emit) => {
        const { group, role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role !== 'owner' && role !== 'admin')
          throw errors.forbidden('Only its owner and admins change a group.');
        if (Object.keys(values).length === 0) return;
        await updateGroup(tx, groupId, values);
        // Its events' dates are seen by others now (or no longer): calendars read afresh.
        if (values.visibility !== undefined && values.visibility !== group.visibility)
          emit('calendar.changed', { eventId: null, groupId, cityIds: null, at: new Date() });
        if (values.name !== undefined) await groupChat.rename(tx, emit, groupId, values.name);
        if (group.visibility === 'private' && values.visibility === 'public')
          await groupChat.seat(tx, emit, groupId, await admitAllRequests(tx, groupId));
      });
      return getView(groupId, actor.userId);
    },

    /** Deletes a group with its memberships, requests, bans and chat (owner only). */
    async deleteGroup(actor: Actor, groupId: string): Promise<void> {
      await transact(db, events, async (tx, emit) => {
        const { role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role !== 'owner') throw errors.forbidden('Only its owner deletes a group.');
        await groupChat.close(tx, emit, groupId);
        await deleteGroup(tx, groupId);
        emit('calendar.changed', { eventId: null, groupId, cityIds: null, at: new Date() });
      });
    },

    /**
     * Joins a public group (and its chat, while it has room), or asks to join a private one;
     * idempotent. FORBIDDEN when banned. A request tells the owner, admins and moderators (folded per
     * group: "Ana and 2 others asked").
     */
    async joinGroup(actor: Actor, groupId: string): Promise<Group> {
      await transact(db, events, async (tx, emit) => {
        const { group, role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role !== undefined) return;
        if (await isBanned(tx, groupId, actor.userId)) throw errors.forbidden(BANNED_MESSAGE);
        if (group.visibility === 'public') {
          await insertMember(tx, groupId, actor.userId, 'member');
          await groupChat.seat(tx, emit, groupId, [actor.userId]);
          return;
        }
        if (!(await insertRequest(tx, groupId, actor.userId))) return;
        for (const userId of await listStaffIds(tx, groupId))
          await notifications.record(tx, emit, {
            userId,
            actorId: actor.userId,
            type: 'group_request',
            groupId,
            groupKey: `group_request:${groupId}`,
          });
      });
      return getView(groupId, actor.userId);
    },

    /**
     * Leaves a group and its chat, or withdraws a request to join; idempotent. The owner must hand it
     * over first.
     */
    async leaveGroup(actor: Actor, groupId: string): Promise<void> {
      await transact(db, events, async (tx, emit) => {
        const { role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role === 'owner') throw errors.conflict(OWNER_CANNOT_LEAVE_MESSAGE);
        if (role === undefined) {
          await deleteRequest(tx, groupId, actor.userId);
          return;
        }
        await deleteMember(tx, groupId, actor.userId);
        await groupChat.unseat(tx, emit, groupId, actor.userId);
      });
    },

    /**
     * Who may read a group's content (members, memories, chat): anyone for a public group, members
     * for a private one. NOT_FOUND for no group, FORBIDDEN otherwise; answers the reader's role. Pass
     * the caller's transaction when there is one (the embedded database has a single connection).
     */
    async assertCanRead(
      viewerId: string | null,
      groupId: string,
      exec: Executor = db,
    ): Promise<{ role: GroupRole | null }> {
      const row = await findGroupView(exec, groupId, viewerId);
      if (!row) throw errors.notFound('Group');
      if (row.visibility === 'private' && row.viewerRole === null)
        throw errors.forbidden('Only its members see inside a private group.');
      return { role: row.viewerRole };
    },

    forgetUser,
  };
}
