import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../../contract/social.ts';
import { createManualClock, createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createComment } from '../../../../test/factories/comments.ts';
import { createMemory } from '../../../../test/factories/memories.ts';
import { createUser } from '../../../../test/factories/users.ts';
import type { UserRow } from '../../db/schema/index.ts';
import { transact, type DomainEvents } from '../../lib/events.ts';
import {
  createNotificationsService,
  type NotificationInput,
  type NotificationsService,
} from './notifications.service.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

let t: TestApp;
let notifications: NotificationsService;
const clock = createManualClock(new Date('2025-04-12T22:00:00.000Z'));
const readEvents: DomainEvents['notification.read'][] = [];
const createdEvents: DomainEvents['notification.created'][] = [];

beforeAll(async () => {
  t = await createTestApp({ clock });
  notifications = createNotificationsService({ db: t.database.db, events: t.app.events, clock });
  t.app.events.subscribe('notification.read', (e) => readEvents.push(e));
  t.app.events.subscribe('notification.created', (e) => createdEvents.push(e));
});
afterAll(() => t.close());

async function notify(input: NotificationInput): Promise<void> {
  clock.advance(1000);
  await transact(t.database.db, t.app.events, (tx, emit) => notifications.record(tx, emit, input));
}

async function listOf(user: RegisteredUser): Promise<Notification[]> {
  const res = await t.app.inject({ url: '/api/v1/notifications', headers: bearer(user.accessToken) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: Notification[] }>().data;
}

async function unreadCount(user: RegisteredUser): Promise<number> {
  const res = await t.app.inject({
    url: '/api/v1/notifications/unread-count',
    headers: bearer(user.accessToken),
  });
  return res.json<{ data: { count: number } }>().data.count;
}

function markRead(user: RegisteredUser | undefined, id: string) {
  const headers = user ? bearer(user.accessToken) : {};
  return t.app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers });
}

function markAllRead(user: RegisteredUser | undefined) {
  const headers = user ? bearer(user.accessToken) : {};
  return t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers });
}

const ids = (users: UserRow[]) => users.map((u) => u.id);

describe('grouped reactions', () => {
  it('folds reactions on one memory into "Ana and 3 others", newest faces first', async () => {
    const me = await registerUser(t.app);
    const memory = await createMemory(t.database.db, { authorId: me.user.id });
    const [ana, bruno, carla, diego] = await Promise.all([1, 2, 3, 4].map(() => createUser(t.database.db)));
    if (!ana || !bruno || !carla || !diego) throw new Error('users');
    const react = (actor: UserRow, reaction: 'like' | 'love') =>
      notify({ userId: me.user.id, actorId: actor.id, type: 'reaction', memoryId: memory.id, reaction });
    await react(diego, 'like');
    await react(carla, 'like');
    await react(bruno, 'like');
    await react(diego, 'love'); // a repeat moves Diego to the front without counting him twice
    await react(ana, 'love');

    const [group, ...rest] = await listOf(me);
    expect(rest).toEqual([]);
    expect(group).toMatchObject({
      type: 'reaction',
      memoryId: memory.id,
      actorCount: 4,
      reaction: 'love',
      read: false,
    });
    expect(group?.actors.map((a) => a.id)).toEqual(ids([ana, diego, bruno]));
    expect(group?.createdAt).toBe(clock.now().toISOString());
    expect(await unreadCount(me)).toBe(1);
  });

  it('starts a new group once the old one is read', async () => {
    const me = await registerUser(t.app);
    const memory = await createMemory(t.database.db, { authorId: me.user.id });
    const [ana, bruno] = [await createUser(t.database.db), await createUser(t.database.db)];
    await notify({
      userId: me.user.id,
      actorId: ana.id,
      type: 'reaction',
      memoryId: memory.id,
      reaction: 'like',
    });
    const [first] = await listOf(me);
    expect((await markRead(me, first?.id ?? '')).statusCode).toBe(204);

    await notify({
      userId: me.user.id,
      actorId: bruno.id,
      type: 'reaction',
      memoryId: memory.id,
      reaction: 'sad',
    });
    await notify({
      userId: me.user.id,
      actorId: ana.id,
      type: 'reaction',
      memoryId: memory.id,
      reaction: 'like',
    });
    const list = await listOf(me);
    expect(list.map((n) => [n.read, n.actorCount, n.actors.map((a) => a.id)])).toEqual([
      [false, 2, [ana.id, bruno.id]],
      [true, 1, [ana.id]],
    ]);
  });

  it('keeps reactions to a comment apart from reactions to its memory', async () => {
    const me = await registerUser(t.app);
    const ana = await createUser(t.database.db);
    const memory = await createMemory(t.database.db, { authorId: me.user.id });
    const comment = await createComment(t.database.db, { memoryId: memory.id, authorId: me.user.id });
    await notify({
      userId: me.user.id,
      actorId: ana.id,
      type: 'reaction',
      memoryId: memory.id,
      reaction: 'like',
    });
    await notify({
      userId: me.user.id,
      actorId: ana.id,
      type: 'reaction',
      memoryId: memory.id,
      commentId: comment.id,
      reaction: 'like',
    });
    expect((await listOf(me)).map((n) => n.commentId)).toEqual([comment.id, null]);
  });

  it('never notifies anyone of their own act, and announces a notification only after commit', async () => {
    const me = await registerUser(t.app);
    const ana = await createUser(t.database.db);
    await notify({ userId: me.user.id, actorId: me.user.id, type: 'follow' });
    await expect(
      transact(t.database.db, t.app.events, async (tx, emit) => {
        await notifications.record(tx, emit, { userId: me.user.id, actorId: ana.id, type: 'follow' });
        throw new Error('the follow failed');
      }),
    ).rejects.toThrow('the follow failed');
    expect(await listOf(me)).toEqual([]);
    expect(createdEvents.filter((e) => e.userId === me.user.id)).toEqual([]);

    await notify({ userId: me.user.id, actorId: ana.id, type: 'follow' });
    const [only] = await listOf(me);
    expect(createdEvents.filter((e) => e.userId === me.user.id)).toEqual([
      { notificationId: only?.id, userId: me.user.id, at: clock.now() },
    ]);
  });
});

describe('POST /api/v1/notifications/:id/read', () => {
  it('marks one read, once, and says so to the realtime gateway', async () => {
    const me = await registerUser(t.app);
    const [ana, bruno] = [await createUser(t.database.db), await createUser(t.database.db)];
    await notify({ userId: me.user.id, actorId: ana.id, type: 'follow' });
    await notify({ userId: me.user.id, actorId: bruno.id, type: 'follow' });
    const [newest, oldest] = await listOf(me);

    expect((await markRead(me, oldest?.id ?? '')).statusCode).toBe(204);
    expect((await listOf(me)).map((n) => n.read)).toEqual([false, true]);
    expect(await unreadCount(me)).toBe(1);
    expect(readEvents.filter((e) => e.userId === me.user.id)).toEqual([
      { userId: me.user.id, notificationId: oldest?.id, at: clock.now() },
    ]);

    const again = await markRead(me, oldest?.id ?? '');
    expect(again.statusCode).toBe(204);
    expect(again.body).toBe('');
    expect(readEvents.filter((e) => e.userId === me.user.id)).toHaveLength(1);
    expect(newest?.read).toBe(false);
  });

  it("answers 404 for someone else's notification and leaves it unread", async () => {
    const me = await registerUser(t.app);
    const other = await registerUser(t.app);
    const ana = await createUser(t.database.db);
    await notify({ userId: other.user.id, actorId: ana.id, type: 'follow' });
    const [theirs] = await listOf(other);

    const res = await markRead(me, theirs?.id ?? '');
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>().error.code).toBe('NOT_FOUND');
    expect((await listOf(other))[0]?.read).toBe(false);
  });

  it('answers 404 for an unknown id', async () => {
    const me = await registerUser(t.app);
    const res = await markRead(me, randomUUID());
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>().error.code).toBe('NOT_FOUND');
  });

  it('refuses an id that is not a UUID at params.id', async () => {
    const me = await registerUser(t.app);
    const res = await markRead(me, 'not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.code).toBe('VALIDATION_FAILED');
    expect(res.json<ErrorEnvelope>().error.details?.map((d) => d.path)).toEqual(['params.id']);
  });

  it('answers 401 without a token', async () => {
    const res = await markRead(undefined, randomUUID());
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorEnvelope>().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('POST /api/v1/notifications/read-all', () => {
  it("marks all of the caller's notifications read and nobody else's", async () => {
    const me = await registerUser(t.app);
    const other = await registerUser(t.app);
    const ana = await createUser(t.database.db);
    await notify({ userId: me.user.id, actorId: ana.id, type: 'follow' });
    await notify({ userId: me.user.id, actorId: ana.id, type: 'friend_accepted' });
    await notify({ userId: other.user.id, actorId: ana.id, type: 'follow' });

    const res = await markAllRead(me);
    expect(res.statusCode).toBe(204);
    expect(await unreadCount(me)).toBe(0);
    expect((await listOf(me)).map((n) => n.read)).toEqual([true, true]);
    expect(await unreadCount(other)).toBe(1);
    expect(readEvents.filter((e) => e.userId === me.user.id)).toEqual([
      { userId: me.user.id, notificationId: null, at: clock.now() },
    ]);
  });

  it('answers 401 without a token', async () => {
    const res = await markAllRead(undefined);
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorEnvelope>().error.code).toBe('UNAUTHENTICATED');
  });
});
