import { randomBytes, randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import type { AuthResult } from '../../src/contract/auth.ts';
import type { CreateEventBody, RsvpBody } from '../../src/contract/events.ts';
import type { CreateGroupBody } from '../../src/contract/groups.ts';

// Users and their data made through the HTTP API of a running app, as a client would make them, and
// browser contexts signed in through the API: the session cookies land in the context, and the page
// restores the session from the refresh cookie as it does after any reload.

export const WEB_PASSWORD = 'bandoneon-en-la-madrugada';

export interface WebUser {
  id: string;
  username: string;
  email: string;
  password: string;
  displayName: string;
  /** A bearer token for making data through the API (the browser gets a session of its own). */
  accessToken: string;
}

async function call<T>(
  baseUrl: string,
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  // The routes that create content take an Idempotency-Key; a fresh one per call.
  if (method === 'POST' && token) headers['idempotency-key'] = randomUUID();
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  if (res.status === 204) return undefined as T;
  return ((await res.json()) as { data: T }).data;
}

/** Registers a user through POST /api/v1/auth/register; override any field of the body. */
export async function createWebUser(
  baseUrl: string,
  overrides: { displayName?: string; city?: string; [field: string]: unknown } = {},
): Promise<WebUser> {
  const username = `dancer_${randomBytes(5).toString('hex')}`;
  const body = {
    email: `${username}@example.test`,
    username,
    password: WEB_PASSWORD,
    displayName: 'Ana Milonguera',
    city: 'Buenos Aires',
    country: 'AR',
    languages: ['es', 'en'],
    roles: ['dancer'],
    leaderLevel: 2,
    followerLevel: 4,
    locale: 'en',
    refreshIn: 'body',
    ...overrides,
  };
  const result = await call<AuthResult>(baseUrl, 'POST', '/api/v1/auth/register', body);
  return {
    id: result.user.id,
    username,
    email: body.email,
    password: WEB_PASSWORD,
    displayName: String(body.displayName),
    accessToken: result.accessToken,
  };
}

/**
 * Signs the context in as `user` through POST /api/v1/auth/login: the refresh and CSRF cookies are
 * stored in the context, so its next page load starts signed in. The context needs a baseURL.
 */
export async function signIn(
  context: BrowserContext,
  user: Pick<WebUser, 'username' | 'password'>,
): Promise<void> {
  const res = await context.request.post('/api/v1/auth/login', {
    data: { login: user.username, password: user.password },
  });
  if (res.status() !== 200) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
}

/** The API as one user: what the journeys and the pages test make their data with. */
export function apiAs(baseUrl: string, user: WebUser) {
  const as = <T>(method: string, url: string, body?: unknown) =>
    call<T>(baseUrl, method, url, body, user.accessToken);
  return {
    postMemory: (body: string, extra: { city?: string; visibility?: string } = {}) =>
      as<{ id: string; city: string | null }>('POST', '/api/v1/memories', { body, ...extra }),
    comment: (memoryId: string, body: string) =>
      as<{ id: string }>('POST', `/api/v1/memories/${memoryId}/comments`, { body }),
    follow: (username: string) => as<unknown>('PUT', `/api/v1/users/${username}/follow`),
    react: (memoryId: string, kind = 'abrazo') =>
      as<unknown>('PUT', `/api/v1/memories/${memoryId}/reactions/${kind}`),
    bookmark: (memoryId: string) => as<undefined>('PUT', `/api/v1/memories/${memoryId}/bookmark`),
    friendRequest: (username: string) =>
      as<{ id: string }>('POST', `/api/v1/users/${username}/friend-request`, {}),
    acceptFriendRequest: (id: string) => as<unknown>('POST', `/api/v1/friend-requests/${id}/accept`),
    /** The direct conversation with another dancer (the same one if it exists). */
    openConversation: (userId: string) =>
      as<{ id: string }>('POST', '/api/v1/conversations', { kind: 'direct', memberIds: [userId] }),
    /** A group (`city`: a city community's slug), owned by this user. */
    createGroup: (body: CreateGroupBody) => as<{ id: string }>('POST', '/api/v1/groups', body),
    /** A memory shared in a group the user is a member of. */
    postInGroup: (groupId: string, body: string) =>
      as<{ id: string }>('POST', '/api/v1/memories', { body, groupId }),
    joinGroup: (groupId: string) => as<unknown>('POST', `/api/v1/groups/${groupId}/join`),
    /** An event or a series, organised by this user. */
    createEvent: (body: CreateEventBody) => as<{ id: string }>('POST', '/api/v1/events', body),
    /** Accepts the credit this user was given on an event: it then shows on their tango résumé. */
    acceptCredit: (eventId: string) => as<unknown>('POST', `/api/v1/events/${eventId}/credits/accept`),
    /** An answer for an event's next date (or the body's date). */
    rsvp: (eventId: string, body: RsvpBody) => as<unknown>('PUT', `/api/v1/events/${eventId}/rsvp`, body),
    openGroup: (name: string, memberIds: string[]) =>
      as<{ id: string }>('POST', '/api/v1/conversations', { kind: 'group', name, memberIds }),
    sendMessage: (conversationId: string, body: string) =>
      as<{ id: string; seq: number }>('POST', `/api/v1/conversations/${conversationId}/messages`, {
        clientMessageId: randomUUID(),
        body,
      }),
    /** The conversation's newest messages (up to 50), oldest first, as the server holds them. */
    messages: async (conversationId: string) =>
      (
        await as<{ id: string; seq: number; body: string }[]>(
          'GET',
          `/api/v1/conversations/${conversationId}/messages?limit=50`,
        )
      ).reverse(),
  };
}

/**
 * Ana and Bruno, and their direct conversation, opened by Bruno: Ana takes his messages because she
 * follows him (the default setting lets people she follows write to her).
 */
export async function chatPair(
  baseUrl: string,
): Promise<{ ana: WebUser; bruno: WebUser; conversationId: string }> {
  const [ana, bruno] = await Promise.all([
    createWebUser(baseUrl, { displayName: 'Ana Milonguera' }),
    createWebUser(baseUrl, { displayName: 'Bruno Tanguero' }),
  ]);
  await apiAs(baseUrl, ana).follow(bruno.username);
  const conversationId = (await apiAs(baseUrl, bruno).openConversation(ana.id)).id;
  return { ana, bruno, conversationId };
}
