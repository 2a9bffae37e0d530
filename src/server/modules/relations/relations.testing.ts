import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import type { Profile, UserSummary } from '../../../contract/social.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { useTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { accessTokenFor, bearer } from '../../../../test/helpers/auth.ts';
import type { NewUserRow } from '../../db/schema/index.ts';
import type { FriendRequest } from './relations.schema.ts';

// Shared by the relations route tests: the app, thin wrappers over app.inject, and dancers.

export interface PageBody<T> {
  data: T[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** Reads `t.app` on each request, so it can be made before the app is built (see useTestApp). */
export function relationsClient(t: Pick<TestApp, 'app'>) {
  const call = (method: Method, url: string, token?: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: token ? bearer(token) : {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  return {
    call,
    follow: (token: string | undefined, username: string) => call('PUT', `/users/${username}/follow`, token),
    unfollow: (token: string | undefined, username: string) =>
      call('DELETE', `/users/${username}/follow`, token),
    block: (token: string | undefined, username: string) => call('PUT', `/users/${username}/block`, token),
    unblock: (token: string | undefined, username: string) =>
      call('DELETE', `/users/${username}/block`, token),
    mute: (token: string | undefined, username: string) => call('PUT', `/users/${username}/mute`, token),
    unmute: (token: string | undefined, username: string) => call('DELETE', `/users/${username}/mute`, token),
    unfriend: (token: string | undefined, username: string) =>
      call('DELETE', `/users/${username}/friend`, token),
    befriend: (token: string | undefined, username: string, body: Record<string, unknown> = {}) =>
      call('POST', `/users/${username}/friend-request`, token, body),
    accept: (token: string | undefined, id: string) => call('POST', `/friend-requests/${id}/accept`, token),
    decline: (token: string | undefined, id: string) => call('POST', `/friend-requests/${id}/decline`, token),
    cancel: (token: string | undefined, id: string) => call('DELETE', `/friend-requests/${id}`, token),
    profile: (token: string | undefined, username: string) => call('GET', `/users/${username}`, token),
  };
}

export type RelationsClient = ReturnType<typeof relationsClient>;

/** The app for one relations test file (built before its tests, closed after) and a client for it. */
export function useRelationsApp(): { t: TestApp; api: RelationsClient } {
  const t = useTestApp();
  return { t, api: relationsClient(t) };
}

export function errorOf(res: LightMyRequestResponse) {
  return res.json<ErrorEnvelope>().error;
}

export function detailPaths(res: LightMyRequestResponse): string[] {
  return (errorOf(res).details ?? []).map((d) => d.path);
}

export function dataOf<T>(res: LightMyRequestResponse): T {
  return res.json<{ data: T }>().data;
}

export const profileOf = (res: LightMyRequestResponse) => dataOf<Profile>(res);
export const requestOf = (res: LightMyRequestResponse) => dataOf<FriendRequest>(res);
export const idsOf = (res: LightMyRequestResponse) => res.json<PageBody<UserSummary>>().data.map((u) => u.id);

export interface Dancer {
  id: string;
  username: string;
  token: string;
}

/** A fresh user from the factory with a real access token (no password hashing, so it is quick). */
export async function createDancer(t: TestApp, overrides: Partial<NewUserRow> = {}): Promise<Dancer> {
  const row = await createUser(t.database.db, overrides);
  return { id: row.id, username: row.username, token: await accessTokenFor(row.id) };
}

export async function countsOf(t: TestApp, userId: string) {
  const [row] = await t.database.rows<{ followers: number; following: number; friends: number }>(
    sql`select follower_count as followers, following_count as following, friend_count as friends
        from users where id = ${userId}`,
  );
  return row;
}

/** Makes two dancers friends the way they would: a sends a request, b accepts it. */
export async function makeFriends(api: RelationsClient, a: Dancer, b: Dancer): Promise<void> {
  const request = requestOf(await api.befriend(a.token, b.username));
  expect((await api.accept(b.token, request.id)).statusCode).toBe(200);
}
