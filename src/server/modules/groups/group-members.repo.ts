import { and, asc, desc, eq, getTableColumns, lte, ne, sql } from 'drizzle-orm';
import type { GroupRole } from '../../../contract/rules.ts';
import { queryRows, type Executor } from '../../db/client.ts';
import { groupBans, groupMembers, groupRequests, users, type UserRow } from '../../db/schema/index.ts';
import { blockedEitherWay, follows } from '../../db/relation-predicates.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';

// Who belongs to a group, who asks to, who may not. A dancer is in at most one of the three tables
// for a group: the service changes them under the group's row lock (groups.repo.ts lockGroup).

export async function findRole(
  db: Executor,
  groupId: string,
  userId: string,
): Promise<GroupRole | undefined> {
  const [row] = await db
    .select({ role: groupMembers.role })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .limit(1);
  return row?.role;
}

export async function isBanned(db: Executor, groupId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: groupBans.userId })
    .from(groupBans)
    .where(and(eq(groupBans.groupId, groupId), eq(groupBans.userId, userId)))
    .limit(1);
  return row !== undefined;
}

/** Adds the member unless they are one already; true when a row was added. */
export async function insertMember(
  db: Executor,
  groupId: string,
  userId: string,
  role: GroupRole,
): Promise<boolean> {
  const rows = await db
    .insert(groupMembers)
    .values({ groupId, userId, role })
    .onConflictDoNothing()
    .returning({ userId: groupMembers.userId });
  return rows.length > 0;
}

export async function deleteMember(db: Executor, groupId: string, userId: string): Promise<void> {
  await db
    .delete(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
}

export async function setRole(db: Executor, groupId: string, userId: string, role: GroupRole): Promise<void> {
  await db
    .update(groupMembers)
    .set({ role })
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
}

/** Asks to join; false when the request was already there. */
export async function insertRequest(db: Executor, groupId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(groupRequests)
    .values({ groupId, userId })
    .onConflictDoNothing()
    .returning({ userId: groupRequests.userId });
  return rows.length > 0;
}

/** Removes the request; true when there was one. */
export async function deleteRequest(db: Executor, groupId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(groupRequests)
    .where(and(eq(groupRequests.groupId, groupId), eq(groupRequests.userId, userId)))
    .returning({ userId: groupRequests.userId });
  return rows.length > 0;
}

/**
 * Makes every pending request a membership (a private group turned public takes them all); answers
 * the new members in the members list's order (they joined at the same instant: by user id).
 */
export async function admitAllRequests(db: Executor, groupId: string): Promise<string[]> {
  const rows = await queryRows(
    db,
    sql`
    insert into group_members (group_id, user_id, role)
    select group_id, user_id, 'member' from group_requests where group_id = ${groupId}::uuid
    on conflict do nothing
    returning user_id`,
  );
  await db.delete(groupRequests).where(eq(groupRequests.groupId, groupId));
  return rows.map((r) => String(r.user_id)).sort();
}

export async function insertBan(db: Executor, groupId: string, userId: string, bannedById: string) {
  await db.insert(groupBans).values({ groupId, userId, bannedById }).onConflictDoNothing();
}

export async function deleteBan(db: Executor, groupId: string, userId: string): Promise<void> {
  await db.delete(groupBans).where(and(eq(groupBans.groupId, groupId), eq(groupBans.userId, userId)));
}

/** The member who takes over a group whose owner leaves: the first of the members list after them. */
export async function findSuccessor(db: Executor, groupId: string, ownerId: string) {
  const [row] = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), ne(groupMembers.userId, ownerId)))
    .orderBy(groupMembers.rank, groupMembers.joinedAt, groupMembers.userId)
    .limit(1);
  return row?.userId;
}

export async function listOwnedGroupIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.userId, userId), eq(groupMembers.role, 'owner')))
    .orderBy(groupMembers.groupId);
  return rows.map((r) => r.groupId);
}

/**
 * A page of members in the members list's order (owner, admins, moderators, members, each by joining
 * time) after a position, through group_members_list_idx: who takes a seat in the group's chat first.
 */
export async function listMemberPositions(
  db: Executor,
  groupId: string,
  after: MemberPosition | undefined,
  limit: number,
): Promise<MemberPosition[]> {
  return db
    .select({ rank: groupMembers.rank, joinedAt: groupMembers.joinedAt, userId: groupMembers.userId })
    .from(groupMembers)
    .where(
      and(
        eq(groupMembers.groupId, groupId),
        after === undefined
          ? undefined
          : sql`(${groupMembers.rank}, ${groupMembers.joinedAt}, ${groupMembers.userId}) > (${after.rank}::smallint, ${after.joinedAt.toISOString()}::timestamptz, ${after.userId}::uuid)`,
      ),
    )
    .orderBy(groupMembers.rank, groupMembers.joinedAt, groupMembers.userId)
    .limit(limit);
}

/** A position in the members list: (rank, joined_at, user_id). */
export interface MemberPosition {
  rank: number;
  joinedAt: Date;
  userId: string;
}

export interface MembersFilter {
  groupId: string;
  /** Leaves out dancers in a block with this viewer, either way; null: anonymous. */
  viewerId: string | null;
  after?: MemberPosition | undefined;
  /** Only this dancer (one member's entry, shown whatever the blocks). */
  userId?: string | undefined;
  limit: number;
}

export interface MemberViewRow {
  user: UserRow;
  role: GroupRole;
  rank: number;
  joinedAt: Date;
  viewerFollows: boolean | null;
}

const viewerFollowsOf = (viewerId: string | null) =>
  viewerId === null
    ? sql<null>`null`
    : sql<boolean>`${follows(sql`${viewerId}::uuid`, users.id)}`.mapWith(Boolean);

/** Owner, admins, moderators, members, each by joining time, through group_members_list_idx. */
export function listMembersQuery(db: Executor, f: MembersFilter) {
  const viewer = f.viewerId === null ? null : sql`${f.viewerId}::uuid`;
  return db
    .select({
      user: getTableColumns(users),
      role: groupMembers.role,
      rank: groupMembers.rank,
      joinedAt: groupMembers.joinedAt,
      viewerFollows: viewerFollowsOf(f.viewerId),
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(
      and(
        eq(groupMembers.groupId, f.groupId),
        f.userId === undefined ? undefined : eq(groupMembers.userId, f.userId),
        f.after === undefined
          ? undefined
          : sql`(${groupMembers.rank}, ${groupMembers.joinedAt}, ${groupMembers.userId}) > (${f.after.rank}::smallint, ${f.after.joinedAt.toISOString()}::timestamptz, ${f.after.userId}::uuid)`,
        viewer === null || f.userId !== undefined
          ? undefined
          : sql`not ${blockedEitherWay(viewer, groupMembers.userId)}`,
      ),
    )
    .orderBy(groupMembers.rank, groupMembers.joinedAt, groupMembers.userId)
    .limit(f.limit + 1);
}

export async function listMembers(db: Executor, f: MembersFilter): Promise<MemberViewRow[]> {
  return listMembersQuery(db, f);
}

export interface PeopleFilter {
  groupId: string;
  viewerId: string;
  cursor?: Cursor | undefined;
  limit: number;
}

export interface PersonRow extends Cursor {
  user: UserRow;
  viewerFollows: boolean | null;
}

/** Requests to join, oldest first, through group_requests_group_created_idx. */
export function listRequestsQuery(db: Executor, f: PeopleFilter) {
  return db
    .select({
      user: getTableColumns(users),
      createdAt: groupRequests.createdAt,
      id: groupRequests.userId,
      viewerFollows: viewerFollowsOf(f.viewerId),
    })
    .from(groupRequests)
    .innerJoin(users, eq(users.id, groupRequests.userId))
    .where(
      and(
        eq(groupRequests.groupId, f.groupId),
        afterCursor(groupRequests.createdAt, groupRequests.userId, f.cursor, 'asc'),
      ),
    )
    .orderBy(asc(groupRequests.createdAt), asc(groupRequests.userId))
    .limit(f.limit + 1);
}

export async function listRequests(db: Executor, f: PeopleFilter): Promise<PersonRow[]> {
  return listRequestsQuery(db, f);
}

/** Bans, most recent first, through group_bans_group_created_idx. */
export function listBansQuery(db: Executor, f: PeopleFilter) {
  return db
    .select({
      user: getTableColumns(users),
      createdAt: groupBans.createdAt,
      id: groupBans.userId,
      viewerFollows: viewerFollowsOf(f.viewerId),
    })
    .from(groupBans)
    .innerJoin(users, eq(users.id, groupBans.userId))
    .where(
      and(eq(groupBans.groupId, f.groupId), afterCursor(groupBans.createdAt, groupBans.userId, f.cursor)),
    )
    .orderBy(desc(groupBans.createdAt), desc(groupBans.userId))
    .limit(f.limit + 1);
}

export async function listBans(db: Executor, f: PeopleFilter): Promise<PersonRow[]> {
  return listBansQuery(db, f);
}

/** The owner, admins and moderators of a group: who answers its requests. */
export async function listStaffIds(db: Executor, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), lte(groupMembers.rank, 2)));
  return rows.map((r) => r.userId);
}
