import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import type { Group, GroupBan, GroupMember, GroupRequest } from '../../../contract/groups.ts';
import type { GroupRole } from '../../../contract/rules.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { useTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { accessTokenFor, bearer, registerUser } from '../../../../test/helpers/auth.ts';
import type { NewUserRow } from '../../db/schema/index.ts';

// Shared by the groups tests: the app, thin wrappers over app.inject, dancers and groups. Every test
// makes groups of its own with names of its own (uniqueWord), since a file's tests share one database.

export interface PageBody<T> {
  data: T[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Dancer {
  id: string;
  username: string;
  token: string;
}

type Caller = Dancer | string | undefined;
const tokenOf = (who: Caller) => (typeof who === 'string' ? who : who?.token);

/** Reads `t.app` on each request, so it can be made before the app is built (see useTestApp). */
export function groupsClient(t: Pick<TestApp, 'app'>) {
  const call = (method: Method, url: string, who?: Caller, payload?: Record<string, unknown>) => {
    const token = tokenOf(who);
    return t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: token ? bearer(token) : {},
      ...(payload === undefined ? {} : { payload }),
    });
  };
  const g = (id: string) => `/groups/${encodeURIComponent(id)}`;
  return {
    call,
    create: (who: Caller, payload: Record<string, unknown>) => call('POST', '/groups', who, payload),
    list: (query: string, who?: Caller) => call('GET', `/groups${query}`, who),
    mine: (who: Caller, query = '') => call('GET', `/me/groups${query}`, who),
    get: (id: string, who?: Caller) => call('GET', g(id), who),
    update: (id: string, who: Caller, payload: Record<string, unknown>) => call('PATCH', g(id), who, payload),
    remove: (id: string, who: Caller) => call('DELETE', g(id), who),
    join: (id: string, who: Caller) => call('POST', `${g(id)}/join`, who),
    leave: (id: string, who: Caller) => call('DELETE', `${g(id)}/membership`, who),
    members: (id: string, who?: Caller, query = '') => call('GET', `${g(id)}/members${query}`, who),
    setRole: (id: string, userId: string, who: Caller, role: string) =>
      call('PUT', `${g(id)}/members/${userId}`, who, { role }),
    requests: (id: string, who: Caller, query = '') => call('GET', `${g(id)}/requests${query}`, who),
    approve: (id: string, userId: string, who: Caller) =>
      call('POST', `${g(id)}/requests/${userId}/approve`, who),
    decline: (id: string, userId: string, who: Caller) =>
      call('POST', `${g(id)}/requests/${userId}/decline`, who),
    bans: (id: string, who: Caller, query = '') => call('GET', `${g(id)}/bans${query}`, who),
    ban: (id: string, userId: string, who: Caller) => call('PUT', `${g(id)}/bans/${userId}`, who),
    unban: (id: string, userId: string, who: Caller) => call('DELETE', `${g(id)}/bans/${userId}`, who),
  };
}

export type GroupsClient = ReturnType<typeof groupsClient>;

/** The app for one groups test file (built before its tests, closed after) and a client for it. */
export function useGroupsApp(): { t: TestApp; api: GroupsClient } {
  const t = useTestApp();
  return { t, api: groupsClient(t) };
}

/** Letters and digits no other test uses, for names of the test's own. */
export function uniqueWord(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** A fresh user from the factory (living nowhere unless the overrides say) with a real access token. */
export async function createDancer(t: TestApp, overrides: Partial<NewUserRow> = {}): Promise<Dancer> {
  const row = await createUser(t.database.db, { city: null, country: null, ...overrides });
  return { id: row.id, username: row.username, token: await accessTokenFor(row.id) };
}

/**
 * A dancer signed up through the API (so their account can be deleted with its password, as
 * deleteAccount does), with the registration's password and token.
 */
export async function registeredDancer(t: TestApp): Promise<Dancer & { password: string }> {
  const registered = await registerUser(t.app);
  return {
    id: registered.user.id,
    username: registered.username,
    token: registered.accessToken,
    password: registered.password,
  };
}

/** Deletes a registered dancer's account through the API; throws unless it answers 204. */
export async function deleteAccount(t: TestApp, dancer: { token: string; password: string }): Promise<void> {
  const res = await t.app.inject({
    method: 'DELETE',
    url: '/api/v1/me',
    headers: bearer(dancer.token),
    payload: { password: dancer.password },
  });
  if (res.statusCode !== 204) throw new Error(`deleting the account answered ${res.statusCode}: ${res.body}`);
}

/** `count` values of T, as a tuple when count is a literal (`[T, T, T]` for 3). */
export type Several<T, N extends number, Acc extends T[] = []> = number extends N
  ? T[]
  : Acc['length'] extends N
    ? Acc
    : Several<T, N, [...Acc, T]>;

/** Dancers made one after the other (so in creation order), as a tuple for a literal count. */
export async function createDancers<N extends number>(t: TestApp, count: N): Promise<Several<Dancer, N>> {
  const dancers: Dancer[] = [];
  for (let i = 0; i < count; i++) dancers.push(await createDancer(t));
  return dancers as Several<Dancer, N>;
}

/** A group started through the API by `owner`; throws unless it answers 201. */
export async function createGroup(
  api: GroupsClient,
  owner: Dancer,
  overrides: Record<string, unknown> = {},
): Promise<Group> {
  const res = await api.create(owner, { name: `Grupo ${uniqueWord()}`, visibility: 'public', ...overrides });
  if (res.statusCode !== 201) throw new Error(`create group: ${res.statusCode} ${res.body}`);
  return groupOf(res);
}

/** Puts dancers in a group through the API with the role given (they join, the owner promotes them). */
export async function addMember(
  api: GroupsClient,
  group: Group,
  owner: Dancer,
  dancer: Dancer,
  role: GroupRole = 'member',
) {
  const joined = await api.join(group.id, dancer);
  if (joined.statusCode !== 200) throw new Error(`join: ${joined.statusCode} ${joined.body}`);
  if (groupOf(joined).viewer?.membership === 'pending') {
    const approved = await api.approve(group.id, dancer.id, owner);
    if (approved.statusCode !== 201) throw new Error(`approve: ${approved.statusCode} ${approved.body}`);
  }
  if (role !== 'member') {
    const set = await api.setRole(group.id, dancer.id, owner, role);
    if (set.statusCode !== 200) throw new Error(`set role: ${set.statusCode} ${set.body}`);
  }
}

/** member_count as stored, and the members the table holds. */
export async function countsOf(t: TestApp, groupId: string): Promise<{ stored: number; actual: number }> {
  const [row] = await t.database.rows<{ stored: number; actual: number }>(sql`
    select g.member_count as stored, (select count(*)::int from group_members m where m.group_id = g.id) as actual
    from groups g where g.id = ${groupId}::uuid`);
  return row ?? { stored: -1, actual: -1 };
}

export function errorOf(res: LightMyRequestResponse) {
  return res.json<ErrorEnvelope>().error;
}

export function detailPaths(res: LightMyRequestResponse): string[] {
  return (errorOf(res).details ?? []).map((d) => d.path);
}

/** Asserts nothing; answers "<status> <code>" so a test compares both at once. */
export function outcome(res: LightMyRequestResponse): string {
  return res.statusCode < 400 ? String(res.statusCode) : `${res.statusCode} ${errorOf(res).code}`;
}

export const groupOf = (res: LightMyRequestResponse) => res.json<{ data: Group }>().data;
export const groupsOf = (res: LightMyRequestResponse) => res.json<PageBody<Group>>();
export const memberOf = (res: LightMyRequestResponse) => res.json<{ data: GroupMember }>().data;
export const membersOf = (res: LightMyRequestResponse) => res.json<PageBody<GroupMember>>();
export const requestsOf = (res: LightMyRequestResponse) => res.json<PageBody<GroupRequest>>();
export const bansOf = (res: LightMyRequestResponse) => res.json<PageBody<GroupBan>>();

/** A city community of the test's own, made as the database makes them: by a dancer living there. */
export async function cityOfTheTest(t: TestApp): Promise<{ slug: string; name: string }> {
  const name = `Ciudad ${uniqueWord()}`;
  await createDancer(t, { city: name, country: 'AR' });
  return { slug: `${name.toLowerCase().replace(' ', '-')}-ar`, name };
}

/** Sets when a member joined, so the order by joining time is known to the millisecond. */
export async function setJoinedAt(t: TestApp, groupId: string, userId: string, iso: string) {
  await t.database.db.execute(sql`
    update group_members set joined_at = ${iso}::timestamptz
    where group_id = ${groupId}::uuid and user_id = ${userId}::uuid`);
}

/** A group with one member of each role below the owner, who joined in that order. */
export async function staffedGroup(t: TestApp, api: GroupsClient, overrides: Record<string, unknown> = {}) {
  const [owner, admin, moderator, member] = await createDancers(t, 4);
  const group = await createGroup(api, owner, overrides);
  await addMember(api, group, owner, admin, 'admin');
  await addMember(api, group, owner, moderator, 'moderator');
  await addMember(api, group, owner, member);
  return { group, owner, admin, moderator, member };
}
