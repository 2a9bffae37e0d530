import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Profile, UserSummary } from '../../../contract/social.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { testConfig, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer } from '../../../../test/helpers/auth.ts';
import type { NewUserRow } from '../../db/schema/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { createAccessTokens } from '../auth/tokens.ts';
import type { FriendRequest } from './relations.schema.ts';

// Shared by the relations route tests: thin wrappers over app.inject.

export interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[]; requestId: string };
}
export interface PageBody<T> {
  data: T[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

export function relationsClient(app: FastifyInstance) {
  const call = (method: Method, url: string, token?: string, payload?: unknown) =>
    app.inject({
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

export function errorOf(res: LightMyRequestResponse) {
  return res.json<ErrorBody>().error;
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

const tokens = createAccessTokens(testConfig.jwtSecret, systemClock);

export interface Dancer {
  id: string;
  username: string;
  token: string;
}

/** A fresh user from the factory with a real access token (no password hashing, so it is quick). */
export async function createDancer(t: TestApp, overrides: Partial<NewUserRow> = {}): Promise<Dancer> {
  const row = await createUser(t.database.db, overrides);
  const { token } = await tokens.sign({ userId: row.id, sessionId: randomUUID() });
  return { id: row.id, username: row.username, token };
}

export async function countsOf(t: TestApp, userId: string) {
  const [row] = await t.database.rows<{ followers: number; following: number; friends: number }>(
    sql`select follower_count as followers, following_count as following, friend_count as friends
        from users where id = ${userId}`,
  );
  return row;
}
