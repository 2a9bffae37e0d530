import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { useTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUsers, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { acceptMessagesFromEveryone } from '../../../../test/factories/users.ts';
import type { Conversation, Message } from '../../../contract/chat.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

// Shared by the chat tests: the app and thin wrappers over app.inject.

export const errorPaths = (res: LightMyRequestResponse) =>
  (res.json<ErrorEnvelope>().error.details ?? []).map((d) => d.path);

export const codeOf = (res: LightMyRequestResponse) => res.json<ErrorEnvelope>().error.code;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The app for one chat test file (built before its tests, closed after) and helpers bound to it. */
export function useChatApp() {
  const t: TestApp = useTestApp();
  let seq = 0;

  function call(u: RegisteredUser | null, method: Method, url: string, payload?: Record<string, unknown>) {
    return t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: u ? bearer(u.accessToken) : {},
      ...(payload === undefined ? {} : { payload }),
    });
  }

  /** Dancers who accept messages from everyone, so that strangers may start conversations with them. */
  async function dancers<N extends number>(count: N) {
    const users = await registerUsers(t.app, count);
    // A tuple of `count` users, whatever its length.
    const all: readonly RegisteredUser[] = users as readonly RegisteredUser[];
    await acceptMessagesFromEveryone(
      t.database.db,
      all.map((u) => u.user.id),
    );
    return users;
  }

  async function direct(a: RegisteredUser, b: RegisteredUser): Promise<Conversation> {
    const res = await call(a, 'POST', '/conversations', { kind: 'direct', memberIds: [b.user.id] });
    expect([200, 201], res.body).toContain(res.statusCode);
    return res.json<{ data: Conversation }>().data;
  }

  async function group(
    admin: RegisteredUser,
    members: RegisteredUser[],
    name = 'Práctica',
  ): Promise<Conversation> {
    const res = await call(admin, 'POST', '/conversations', {
      kind: 'group',
      name,
      memberIds: members.map((m) => m.user.id),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ data: Conversation }>().data;
  }

  function post(u: RegisteredUser | null, conversationId: string, body: string, clientMessageId?: string) {
    seq += 1;
    return call(u, 'POST', `/conversations/${conversationId}/messages`, {
      clientMessageId: clientMessageId ?? `c${seq}_${Date.now()}`,
      body,
    });
  }

  /** Sends through the API; fails the test unless it answers 201. */
  async function say(u: RegisteredUser, conversationId: string, body = 'Hola'): Promise<Message> {
    const res = await post(u, conversationId, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ data: Message }>().data;
  }

  async function conversationOf(u: RegisteredUser, id: string): Promise<Conversation> {
    const res = await call(u, 'GET', `/conversations/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ data: Conversation }>().data;
  }

  return { t, call, dancers, direct, group, post, say, conversationOf };
}
