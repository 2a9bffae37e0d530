import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createMemory } from '../../../../test/factories/memories.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { bearer, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { insertFollow, insertFriendship } from '../../../../test/helpers/social.ts';
import type { Executor } from '../../db/client.ts';
import { comments, conversations, memories, reports } from '../../db/schema/index.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

// Shared by the idempotency tests: the four routes that take an Idempotency-Key, each able to make
// fresh bodies for one dancer and to count what that dancer created.

export const codeOf = (res: LightMyRequestResponse) => res.json<ErrorEnvelope>().error.code;
export const idOf = (res: LightMyRequestResponse) => res.json<{ data: { id: string } }>().data.id;

/** One dancer's use of a route. */
export interface RouteUse {
  url: string;
  /** A body that creates something new. */
  nextBody(): Promise<Record<string, unknown>>;
  /** How many rows of this kind the dancer has created. */
  count(): Promise<number>;
}

export interface IdempotentRoute {
  name: string;
  /** The path as /api/openapi.json writes it. */
  openApiPath: string;
  /** The same body sent twice without a key creates twice (reports return the open report instead). */
  createsTwiceWithoutKey: boolean;
  prepare(db: Executor, user: RegisteredUser): Promise<RouteUse>;
}

/** Someone the dancer may message whatever their settings: friends who follow each other. */
export async function createContact(db: Executor, user: RegisteredUser): Promise<string> {
  const other = await createUser(db);
  await insertFriendship(db, user.user.id, other.id);
  await insertFollow(db, user.user.id, other.id);
  await insertFollow(db, other.id, user.user.id);
  return other.id;
}

export const IDEMPOTENT_ROUTES: IdempotentRoute[] = [
  {
    name: 'POST /api/v1/memories',
    openApiPath: '/api/v1/memories',
    createsTwiceWithoutKey: true,
    prepare: (db, user) =>
      Promise.resolve({
        url: '/api/v1/memories',
        nextBody: () => Promise.resolve({ body: `Milonga ${randomUUID()}`, tags: ['retry'] }),
        count: () => db.$count(memories, eq(memories.authorId, user.user.id)),
      }),
  },
  {
    name: 'POST /api/v1/memories/:id/comments',
    openApiPath: '/api/v1/memories/{id}/comments',
    createsTwiceWithoutKey: true,
    prepare: async (db, user) => {
      const memory = await createMemory(db, { authorId: (await createUser(db)).id });
      return {
        url: `/api/v1/memories/${memory.id}/comments`,
        nextBody: () => Promise.resolve({ body: `Qué tanda ${randomUUID()}` }),
        count: () => db.$count(comments, eq(comments.authorId, user.user.id)),
      };
    },
  },
  {
    name: 'POST /api/v1/conversations',
    openApiPath: '/api/v1/conversations',
    createsTwiceWithoutKey: true,
    prepare: async (db, user) => {
      const memberIds = [await createContact(db, user), await createContact(db, user)];
      return {
        url: '/api/v1/conversations',
        nextBody: () => Promise.resolve({ kind: 'group', name: `Práctica ${randomUUID()}`, memberIds }),
        count: () => db.$count(conversations, eq(conversations.createdById, user.user.id)),
      };
    },
  },
  {
    name: 'POST /api/v1/reports',
    openApiPath: '/api/v1/reports',
    createsTwiceWithoutKey: false,
    prepare: (db, user) =>
      Promise.resolve({
        url: '/api/v1/reports',
        nextBody: async () => {
          const memory = await createMemory(db, { authorId: (await createUser(db)).id });
          return { targetType: 'memory', targetId: memory.id, reason: 'spam' };
        },
        count: () => db.$count(reports, eq(reports.reporterId, user.user.id)),
      }),
  },
];

/** The dancer with a new access token, for after the clock has moved past the old one's expiry. */
export async function signInAgain(app: FastifyInstance, user: RegisteredUser): Promise<RegisteredUser> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: user.username, password: user.password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return { ...user, accessToken: res.json<{ data: { accessToken: string } }>().data.accessToken };
}

/** A POST as the dancer (anonymous with null), with an Idempotency-Key when one is given. */
export function postAs(
  app: FastifyInstance,
  user: RegisteredUser | null,
  url: string,
  payload: Record<string, unknown>,
  key?: string,
) {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      ...(user ? bearer(user.accessToken) : {}),
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    payload,
  });
}
