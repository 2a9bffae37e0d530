import type { GroupBan, GroupMember, GroupRequest } from '../../../contract/groups.ts';
import type { GroupRole } from '../../../contract/rules.ts';
import type { Database, Executor } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type EventBus } from '../../lib/events.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import { toPublicUser, type UsersService } from '../users/users.service.ts';
import type { GroupChat } from './group-chat.ts';
import {
  deleteBan,
  deleteMember,
  deleteRequest,
  findRole,
  insertBan,
  insertMember,
  listBans,
  listMembers,
  listRequests,
  setRole,
  type PersonRow,
} from './group-members.repo.ts';
import { findGroupView, lockGroup } from './groups.repo.ts';
import { decodeMemberCursor, encodeMemberCursor, isStaff, rankOf, toGroupMember } from './groups.views.ts';

export interface GroupMembersServiceDeps {
  db: Database;
  events: EventBus;
  users: Pick<UsersService, 'findUser'>;
  notifications: Pick<NotificationsService, 'record'>;
  groupChat: GroupChat;
}

export const PRIVATE_MEMBERS_MESSAGE = 'Only its members see who belongs to a private group.';
export const STAFF_ONLY_MESSAGE = "Only a group's owner, admins and moderators do this.";
export const OWNER_STAYS_MESSAGE = 'The owner keeps the role until handing it to another member.';

/** The group's row locked for the rest of the transaction, and the dancer's role in it. */
export async function lockGroupWithRole(tx: Executor, groupId: string, userId: string) {
  const group = await lockGroup(tx, groupId);
  if (!group) throw errors.notFound('Group');
  return { group, role: await findRole(tx, groupId, userId) };
}

function toPerson(row: PersonRow) {
  return { ...toPublicUser(row.user), viewerFollows: row.viewerFollows };
}

/** Who belongs to a group: its members and their roles, requests to join, and bans. */
export function createGroupMembersService({
  db,
  events,
  users,
  notifications,
  groupChat,
}: GroupMembersServiceDeps) {
  /** The actor's role when they are owner, admin or moderator of an existing group. */
  async function requireStaff(ex: Executor, groupId: string, actor: Actor): Promise<GroupRole> {
    const role = await findRole(ex, groupId, actor.userId);
    if (!isStaff(role)) throw errors.forbidden(STAFF_ONLY_MESSAGE);
    return role;
  }

  async function requireGroup(groupId: string): Promise<void> {
    if (!(await findGroupView(db, groupId, null))) throw errors.notFound('Group');
  }

  async function memberOf(groupId: string, userId: string, viewerId: string): Promise<GroupMember> {
    const [row] = await listMembers(db, { groupId, userId, viewerId, limit: 1 });
    if (!row) throw errors.notFound('Member');
    return toGroupMember(row);
  }

  return {
    /**
     * Members: the owner, then admins, moderators and members, each longest-serving first; nobody in
     * a block with the viewer. A private group's members are listed to its members only.
     */
    async listMembers(
      viewerId: string | null,
      groupId: string,
      query: PageQuery,
    ): Promise<Page<GroupMember>> {
      const after = query.cursor === undefined ? undefined : decodeMemberCursor(query.cursor);
      const group = await findGroupView(db, groupId, viewerId);
      if (!group) throw errors.notFound('Group');
      if (group.visibility === 'private' && group.viewerRole === null)
        throw errors.forbidden(PRIVATE_MEMBERS_MESSAGE);
      const rows = await listMembers(db, { groupId, viewerId, after, limit: query.limit });
      const hasMore = rows.length > query.limit;
      const items = hasMore ? rows.slice(0, query.limit) : rows;
      const last = items.at(-1);
      return {
        items: items.map(toGroupMember),
        meta: {
          hasMore,
          nextCursor:
            hasMore && last
              ? encodeMemberCursor({ rank: last.rank, joinedAt: last.joinedAt, userId: last.user.id })
              : null,
        },
      };
    },

    /** Requests to join, oldest first (owner, admins, moderators). */
    async listRequests(actor: Actor, groupId: string, query: PageQuery): Promise<Page<GroupRequest>> {
      const cursor = cursorOf(query);
      await requireGroup(groupId);
      await requireStaff(db, groupId, actor);
      const rows = await listRequests(db, { groupId, viewerId: actor.userId, cursor, limit: query.limit });
      const page = toPage(rows, query.limit);
      return {
        items: page.items.map((row) => ({ ...toPerson(row), requestedAt: row.createdAt.toISOString() })),
        meta: page.meta,
      };
    },

    /**
     * Makes a request a membership, with a seat in the group's chat while it has room (owner, admins,
     * moderators); NOT_FOUND without a request.
     */
    async approveRequest(actor: Actor, groupId: string, userId: string): Promise<GroupMember> {
      await transact(db, events, async (tx, emit) => {
        const { role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (!isStaff(role)) throw errors.forbidden(STAFF_ONLY_MESSAGE);
        if (!(await deleteRequest(tx, groupId, userId))) throw errors.notFound('Request');
        await insertMember(tx, groupId, userId, 'member');
        await groupChat.seat(tx, emit, groupId, [userId]);
        await notifications.record(tx, emit, {
          userId,
          actorId: actor.userId,
          type: 'group_approved',
          groupId,
        });
      });
      return memberOf(groupId, userId, actor.userId);
    },

    /** Turns a request down (owner, admins, moderators); NOT_FOUND without a request. */
    async declineRequest(actor: Actor, groupId: string, userId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const { role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (!isStaff(role)) throw errors.forbidden(STAFF_ONLY_MESSAGE);
        if (!(await deleteRequest(tx, groupId, userId))) throw errors.notFound('Request');
      });
    },

    /**
     * Sets a member's role. The owner sets any, and setting owner hands the group over (the old owner
     * becomes an admin); admins make members below admin moderators or members.
     */
    async setMemberRole(
      actor: Actor,
      groupId: string,
      userId: string,
      newRole: GroupRole,
    ): Promise<GroupMember> {
      await db.transaction(async (tx) => {
        const { role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role !== 'owner' && role !== 'admin')
          throw errors.forbidden("Only a group's owner and admins change roles.");
        const target = await findRole(tx, groupId, userId);
        if (target === undefined) throw errors.notFound('Member');
        if (role === 'admin') {
          if (rankOf(target) <= rankOf('admin') || rankOf(newRole) <= rankOf('admin'))
            throw errors.forbidden('Admins make members below admin moderators or members.');
          await setRole(tx, groupId, userId, newRole);
          return;
        }
        if (userId === actor.userId) {
          if (newRole !== 'owner') throw errors.conflict(OWNER_STAYS_MESSAGE);
          return;
        }
        if (newRole === 'owner') {
          // One owner at a time (group_members_one_owner): the old one steps down first.
          await setRole(tx, groupId, actor.userId, 'admin');
        }
        await setRole(tx, groupId, userId, newRole);
      });
      return memberOf(groupId, userId, actor.userId);
    },

    /**
     * Bans a dancer of a lower role than the actor's (owner, admins, moderators), member or not:
     * their membership (and chat seat) or request goes and they may not join again. Idempotent.
     */
    async banUser(actor: Actor, groupId: string, userId: string): Promise<void> {
      if (!(await users.findUser(userId))) throw errors.notFound('User');
      await transact(db, events, async (tx, emit) => {
        const { role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (!isStaff(role)) throw errors.forbidden(STAFF_ONLY_MESSAGE);
        if (rankOf(await findRole(tx, groupId, userId)) <= rankOf(role))
          throw errors.forbidden('You may ban only dancers of a lower role than yours.');
        await deleteMember(tx, groupId, userId);
        await groupChat.unseat(tx, emit, groupId, userId);
        await deleteRequest(tx, groupId, userId);
        await insertBan(tx, groupId, userId, actor.userId);
      });
    },

    /** Lifts a ban (owner, admins, moderators); idempotent. The dancer may then join again. */
    async unbanUser(actor: Actor, groupId: string, userId: string): Promise<void> {
      await requireGroup(groupId);
      await requireStaff(db, groupId, actor);
      await deleteBan(db, groupId, userId);
    },

    /** The banned dancers, most recent ban first (owner, admins, moderators). */
    async listBans(actor: Actor, groupId: string, query: PageQuery): Promise<Page<GroupBan>> {
      const cursor = cursorOf(query);
      await requireGroup(groupId);
      await requireStaff(db, groupId, actor);
      const rows = await listBans(db, { groupId, viewerId: actor.userId, cursor, limit: query.limit });
      const page = toPage(rows, query.limit);
      return {
        items: page.items.map((row) => ({ ...toPerson(row), bannedAt: row.createdAt.toISOString() })),
        meta: page.meta,
      };
    },
  };
}
