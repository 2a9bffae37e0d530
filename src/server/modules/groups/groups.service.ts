import type { CreateGroupBody, Group, UpdateGroupBody } from '../../../contract/groups.ts';
import type { GroupRole } from '../../../contract/rules.ts';
import type { Database, Executor, Transaction } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type EventBus } from '../../lib/events.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { Page, PageQuery } from '../../lib/pagination.ts';
import type { UsersService } from '../users/users.service.ts';
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
}

export type GroupsService = ReturnType<typeof createGroupsService>;

export const OWNER_CANNOT_LEAVE_MESSAGE = 'The owner cannot leave the group: transfer ownership first.';
export const BANNED_MESSAGE = 'You are banned from this group.';

/** Groups: starting, finding and changing them, joining and leaving, and who belongs (members service). */
export function createGroupsService({ db, events, users, notifications }: GroupsServiceDeps) {
  async function getView(groupId: string, viewerId: string | null): Promise<Group> {
    const row = await findGroupView(db, groupId, viewerId);
    if (!row) throw errors.notFound('Group');
    return toGroup(row);
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

  function pageOf(rows: GroupViewRow[], limit: number): Page<Group> {
    const hasMore = rows.length > limit;
    const items = hasMore ? rows.slice(0, limit) : rows;
    const last = items.at(-1);
    return {
      items: items.map(toGroup),
      meta: { hasMore, nextCursor: hasMore && last ? encodeGroupCursor(last.id) : null },
    };
  }

  /**
   * Before an account goes (account service hook): each group it owns passes to the first of its
   * members list (admins, then moderators, then members, longest-serving first), or is deleted with
   * nobody left. Memberships, requests and bans then go by cascade; the triggers recount.
   */
  async function forgetUser(tx: Transaction, userId: string): Promise<void> {
    // The cascade recounts every group the dancer is in: lock them in id order first, as one-group
    // writes lock theirs, so two deletions cannot deadlock.
    await lockGroupsOfMember(tx, userId);
    for (const groupId of await listOwnedGroupIds(tx, userId)) {
      const successor = await findSuccessor(tx, groupId, userId);
      if (successor === undefined) {
        await deleteGroup(tx, groupId);
        continue;
      }
      // One owner at a time (group_members_one_owner): step down first.
      await setRole(tx, groupId, userId, 'member');
      await setRole(tx, groupId, successor, 'owner');
    }
  }

  return {
    ...createGroupMembersService({ db, events, users, notifications }),

    /** Starts a group; its creator is its owner. */
    async createGroup(actor: Actor, body: CreateGroupBody): Promise<Group> {
      const cityId = body.city === undefined ? null : await cityIdOf(body.city, 'body.city');
      const groupId = await db.transaction(async (tx) => {
        const id = await insertGroup(tx, {
          name: body.name,
          description: body.description ?? '',
          visibility: body.visibility,
          cityId,
        });
        await insertMember(tx, id, actor.userId, 'owner');
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
      return pageOf(rows, query.limit);
    },

    /** The groups the actor is a member of (not those asked to join), in name order. */
    async listMyGroups(actor: Actor, query: PageQuery): Promise<Page<Group>> {
      const after = await positionOf(query.cursor);
      const rows = await listMyGroups(db, { userId: actor.userId, after, limit: query.limit });
      return pageOf(rows, query.limit);
    },

    /** A group, with the viewer's standing in it (null for anonymous viewers). */
    async getGroup(viewerId: string | null, groupId: string): Promise<Group> {
      return getView(groupId, viewerId);
    },

    /**
     * Changes a group (owner or admin). A private group made public takes its pending requests as
     * members, since anyone may now join it at once.
     */
    async updateGroup(actor: Actor, groupId: string, changes: UpdateGroupBody): Promise<Group> {
      const values: Partial<NewGroup> = {};
      if (changes.name !== undefined) values.name = changes.name;
      if (changes.description !== undefined) values.description = changes.description;
      if (changes.visibility !== undefined) values.visibility = changes.visibility;
      if (changes.city !== undefined)
        values.cityId = changes.city === null ? null : await cityIdOf(changes.city, 'body.city');
      await db.transaction(async (tx) => {
        const { group, role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role !== 'owner' && role !== 'admin')
          throw errors.forbidden('Only its owner and admins change a group.');
        if (Object.keys(values).length === 0) return;
        await updateGroup(tx, groupId, values);
        if (group.visibility === 'private' && values.visibility === 'public')
          await admitAllRequests(tx, groupId);
      });
      return getView(groupId, actor.userId);
    },

    /** Deletes a group with its memberships, requests and bans (owner only). */
    async deleteGroup(actor: Actor, groupId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const { role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role !== 'owner') throw errors.forbidden('Only its owner deletes a group.');
        await deleteGroup(tx, groupId);
      });
    },

    /**
     * Joins a public group, or asks to join a private one; idempotent. FORBIDDEN when banned. A
     * request tells the owner, admins and moderators (folded per group: "Ana and 2 others asked").
     */
    async joinGroup(actor: Actor, groupId: string): Promise<Group> {
      await transact(db, events, async (tx, emit) => {
        const { group, role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role !== undefined) return;
        if (await isBanned(tx, groupId, actor.userId)) throw errors.forbidden(BANNED_MESSAGE);
        if (group.visibility === 'public') {
          await insertMember(tx, groupId, actor.userId, 'member');
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

    /** Leaves a group, or withdraws a request to join; idempotent. The owner must hand it over first. */
    async leaveGroup(actor: Actor, groupId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const { role } = await lockGroupWithRole(tx, groupId, actor.userId);
        if (role === 'owner') throw errors.conflict(OWNER_CANNOT_LEAVE_MESSAGE);
        if (role !== undefined) await deleteMember(tx, groupId, actor.userId);
        else await deleteRequest(tx, groupId, actor.userId);
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
