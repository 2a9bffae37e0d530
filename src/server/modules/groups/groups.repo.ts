import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { GroupRole } from '../../../contract/rules.ts';
import type { Executor } from '../../db/client.ts';
import { cities, groupMembers, groups, type GroupVisibility } from '../../db/schema/index.ts';

/** Past every character, so "< prefix || MAX" bounds the strings that start with the prefix. */
const AFTER_PREFIX = '\u{10FFFF}';

// Spelled out: inside the subqueries below an unqualified column would name the subquery's table.
const groupId = sql`"groups"."id"`;

// The order of groups_key_idx and groups_city_key_idx.
const keyOrder = sql`${groups.key} collate "C"`;

/**
 * A group with its city and the viewer's standing in it: three probes of primary keys per row
 * (group_members, group_requests, group_bans), null for anonymous viewers.
 */
function groupFields(viewerId: string | null) {
  const viewer = viewerId === null ? null : sql`${viewerId}::uuid`;
  return {
    id: groups.id,
    name: groups.name,
    key: groups.key,
    description: groups.description,
    visibility: groups.visibility,
    memberCount: groups.memberCount,
    createdAt: groups.createdAt,
    citySlug: cities.slug,
    cityName: cities.name,
    cityCountry: cities.country,
    viewerRole:
      viewer === null
        ? sql<null>`null`
        : sql<GroupRole | null>`(select vm.role from group_members vm where vm.group_id = ${groupId} and vm.user_id = ${viewer})`,
    viewerPending:
      viewer === null
        ? sql<null>`null`
        : sql<boolean>`exists (select 1 from group_requests vr where vr.group_id = ${groupId} and vr.user_id = ${viewer})`.mapWith(
            Boolean,
          ),
    viewerBanned:
      viewer === null
        ? sql<null>`null`
        : sql<boolean>`exists (select 1 from group_bans vb where vb.group_id = ${groupId} and vb.user_id = ${viewer})`.mapWith(
            Boolean,
          ),
  };
}

export interface GroupViewRow {
  id: string;
  name: string;
  key: string;
  description: string;
  visibility: GroupVisibility;
  memberCount: number;
  createdAt: Date;
  citySlug: string | null;
  cityName: string | null;
  cityCountry: string | null;
  viewerRole: GroupRole | null;
  viewerPending: boolean | null;
  viewerBanned: boolean | null;
}

export async function findGroupView(
  db: Executor,
  id: string,
  viewerId: string | null,
): Promise<GroupViewRow | undefined> {
  const [row] = await db
    .select(groupFields(viewerId))
    .from(groups)
    .leftJoin(cities, eq(cities.id, groups.cityId))
    .where(eq(groups.id, id))
    .limit(1);
  return row;
}

/** A page's position in name order: the last group's key and id. */
export interface GroupPosition {
  key: string;
  id: string;
}

export async function findGroupPosition(db: Executor, id: string): Promise<GroupPosition | undefined> {
  const [row] = await db
    .select({ key: groups.key, id: groups.id })
    .from(groups)
    .where(eq(groups.id, id))
    .limit(1);
  return row;
}

const afterPosition = (after: GroupPosition | undefined): SQL | undefined =>
  after === undefined
    ? undefined
    : sql`(${keyOrder}, ${groups.id}) > (${after.key}::text collate "C", ${after.id}::uuid)`;

export interface ListGroupsFilter {
  cityId?: string | undefined;
  /** Matched against the start of the key, normalised in SQL by city_key. */
  prefix?: string | undefined;
  after?: GroupPosition | undefined;
  viewerId: string | null;
  limit: number;
}

/**
 * Groups in (key, id) order through groups_key_idx, or groups_city_key_idx in one city; a prefix is
 * one range of either, written as a range rather than LIKE so it stays an index condition.
 */
export function listGroupsQuery(db: Executor, f: ListGroupsFilter) {
  const conditions: (SQL | undefined)[] = [
    f.cityId === undefined ? undefined : eq(groups.cityId, f.cityId),
    afterPosition(f.after),
  ];
  if (f.prefix !== undefined) {
    const low = sql`city_key(${f.prefix}::text)`;
    conditions.push(
      sql`${keyOrder} >= ${low} collate "C"`,
      sql`${keyOrder} < (${low} || ${AFTER_PREFIX}::text) collate "C"`,
    );
  }
  return db
    .select(groupFields(f.viewerId))
    .from(groups)
    .leftJoin(cities, eq(cities.id, groups.cityId))
    .where(and(...conditions))
    .orderBy(keyOrder, groups.id)
    .limit(f.limit + 1);
}

export async function listGroups(db: Executor, f: ListGroupsFilter): Promise<GroupViewRow[]> {
  return listGroupsQuery(db, f);
}

export interface MyGroupsFilter {
  userId: string;
  after?: GroupPosition | undefined;
  limit: number;
}

/**
 * The groups a dancer belongs to, in name order: their memberships through group_members_user_idx,
 * each group by its primary key, sorted (a dancer belongs to tens of groups, not thousands).
 */
export function listMyGroupsQuery(db: Executor, f: MyGroupsFilter) {
  return db
    .select(groupFields(f.userId))
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .leftJoin(cities, eq(cities.id, groups.cityId))
    .where(and(eq(groupMembers.userId, f.userId), afterPosition(f.after)))
    .orderBy(keyOrder, groups.id)
    .limit(f.limit + 1);
}

export async function listMyGroups(db: Executor, f: MyGroupsFilter): Promise<GroupViewRow[]> {
  return listMyGroupsQuery(db, f);
}

export async function findCityIdBySlug(db: Executor, slug: string): Promise<string | undefined> {
  const [row] = await db.select({ id: cities.id }).from(cities).where(eq(cities.slug, slug)).limit(1);
  return row?.id;
}

export interface NewGroup {
  name: string;
  description: string;
  visibility: GroupVisibility;
  cityId: string | null;
}

export async function insertGroup(db: Executor, values: NewGroup): Promise<string> {
  const [row] = await db.insert(groups).values(values).returning({ id: groups.id });
  if (!row) throw new Error('insert into groups returned no row');
  return row.id;
}

export async function updateGroup(db: Executor, id: string, values: Partial<NewGroup>): Promise<void> {
  await db
    .update(groups)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(groups.id, id));
}

/** What the group's chat takes from its group: the name, the owner, and how many members it has. */
export async function findGroupForChat(
  db: Executor,
  id: string,
): Promise<{ name: string; memberCount: number; ownerId: string | null } | undefined> {
  const [row] = await db
    .select({
      name: groups.name,
      memberCount: groups.memberCount,
      ownerId: sql<
        string | null
      >`(select om.user_id from group_members om where om.group_id = ${groupId} and om.role = 'owner')`,
    })
    .from(groups)
    .where(eq(groups.id, id))
    .limit(1);
  return row;
}

export async function deleteGroup(db: Executor, id: string): Promise<void> {
  await db.delete(groups).where(eq(groups.id, id));
}

/**
 * Locks the group's row for the rest of the transaction: every change of who belongs to a group
 * takes it first, so checks (a ban, a role) and the change they allow cannot interleave.
 */
export async function lockGroup(
  db: Executor,
  id: string,
): Promise<{ id: string; visibility: GroupVisibility } | undefined> {
  const [row] = await db
    .select({ id: groups.id, visibility: groups.visibility })
    .from(groups)
    .where(eq(groups.id, id))
    .for('no key update');
  return row;
}

/** Locks, in id order, every group the dancer is a member of; answers their ids. */
export async function lockGroupsOfMember(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: groups.id })
    .from(groups)
    .where(sql`${groups.id} in (select gm.group_id from group_members gm where gm.user_id = ${userId}::uuid)`)
    .orderBy(groups.id)
    .for('no key update');
  return rows.map((r) => r.id);
}
