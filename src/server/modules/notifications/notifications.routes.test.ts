import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../../contract/social.ts';
import { createManualClock, createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createMemory } from '../../../../test/factories/memories.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { blocks, memories, type UserRow } from '../../db/schema/index.ts';
import { transact } from '../../lib/events.ts';
import { encodeCursor } from '../../lib/pagination.ts';
import {
  createNotificationsService,
  type NotificationInput,
  type NotificationsService,
} from './notifications.service.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

interface ListBody {
  data: Notification[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

let t: TestApp;
let notifications: NotificationsService;
// Each notification is recorded one second after the previous one, so the order is known.
const clock = createManualClock(new Date('2025-03-01T20:00:00.000Z'));

beforeAll(async () => {
  t = await createTestApp();
  notifications = createNotificationsService({ db: t.database.db, events: t.app.events, clock });
});
afterAll(() => t.close());

async function notify(input: NotificationInput): Promise<void> {
  clock.advance(1000);
  await transact(t.database.db, t.app.events, (tx, emit) => notifications.record(tx, emit, input));
}

function list(user: RegisteredUser | undefined, query: Record<string, string> = {}) {
  return t.app.inject({
    url: '/api/v1/notifications',
    query,
    headers: user ? bearer(user.accessToken) : {},
  });
}

async function listOf(user: RegisteredUser, query: Record<string, string> = {}): Promise<ListBody> {
  const res = await list(user, query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ListBody>();
}

async function unreadCount(user: RegisteredUser): Promise<number> {
  const res = await t.app.inject({
    url: '/api/v1/notifications/unread-count',
    headers: bearer(user.accessToken),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: { count: number } }>().data.count;
}

function errorOf(res: { json: <T>() => T }) {
  return res.json<ErrorEnvelope>().error;
}

const summary = (u: UserRow) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  avatarUrl: null,
});

describe('GET /api/v1/notifications', () => {
  it('lists a notification with the actor, the memory and the unread flag', async () => {
    const me = await registerUser(t.app);
    const ana = await createUser(t.database.db);
    const memory = await createMemory(t.database.db, { authorId: me.user.id });
    await notify({ userId: me.user.id, actorId: ana.id, type: 'mention', memoryId: memory.id });

    const body = await listOf(me);
    expect(body.meta).toEqual({ nextCursor: null, hasMore: false });
    expect(body.data[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.data).toEqual([
      {
        id: body.data[0]?.id,
        type: 'mention',
        actors: [summary(ana)],
        actorCount: 1,
        memoryId: memory.id,
        commentId: null,
        friendRequestId: null,
        group: null,
        event: null,
        reaction: null,
        read: false,
        createdAt: clock.now().toISOString(),
      },
    ]);
  });

  it('pages newest first without repeating or skipping', async () => {
    const me = await registerUser(t.app);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const actor = await createUser(t.database.db);
      await notify({ userId: me.user.id, actorId: actor.id, type: 'follow' });
      ids.unshift(actor.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ListBody = await listOf(me, { limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...page.data.map((n) => n.actors[0]?.id ?? ''));
      expect(page.data.length).toBeLessThanOrEqual(2);
      cursor = page.meta.nextCursor;
      expect(page.meta.hasMore).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it('lists only the unread ones with ?unread=true', async () => {
    const me = await registerUser(t.app);
    const actor = await createUser(t.database.db);
    await notify({ userId: me.user.id, actorId: actor.id, type: 'follow' });
    const [older] = (await listOf(me)).data;
    await notify({ userId: me.user.id, actorId: actor.id, type: 'friend_accepted' });
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${older?.id ?? ''}/read`,
      headers: bearer(me.accessToken),
    });
    expect(read.statusCode).toBe(204);

    expect((await listOf(me, { unread: 'true' })).data.map((n) => n.type)).toEqual(['friend_accepted']);
    expect((await listOf(me, { unread: 'false' })).data.map((n) => [n.type, n.read])).toEqual([
      ['friend_accepted', false],
      ['follow', true],
    ]);
  });

  it("never shows someone else's notifications", async () => {
    const me = await registerUser(t.app);
    const other = await registerUser(t.app);
    const actor = await createUser(t.database.db);
    await notify({ userId: other.user.id, actorId: actor.id, type: 'follow' });
    expect((await listOf(me)).data).toEqual([]);
    expect(await unreadCount(me)).toBe(0);
  });

  it('hides a notification whose actor is blocked, either way, and a blocked face in a group', async () => {
    const me = await registerUser(t.app);
    const [blockedByMe, blockingMe, friendly] = [
      await createUser(t.database.db),
      await createUser(t.database.db),
      await createUser(t.database.db),
    ];
    const memory = await createMemory(t.database.db, { authorId: me.user.id });
    await notify({ userId: me.user.id, actorId: blockedByMe.id, type: 'follow' });
    await notify({ userId: me.user.id, actorId: blockingMe.id, type: 'follow' });
    await notify({
      userId: me.user.id,
      actorId: blockedByMe.id,
      type: 'reaction',
      memoryId: memory.id,
      reaction: 'love',
    });
    await notify({
      userId: me.user.id,
      actorId: friendly.id,
      type: 'reaction',
      memoryId: memory.id,
      reaction: 'like',
    });
    expect(await unreadCount(me)).toBe(3);

    await t.database.db.insert(blocks).values([
      { blockerId: me.user.id, blockedId: blockedByMe.id },
      { blockerId: blockingMe.id, blockedId: me.user.id },
    ]);
    const body = await listOf(me);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ type: 'reaction', actorCount: 2, actors: [summary(friendly)] });
    expect(await unreadCount(me)).toBe(1);
  });

  it('drops the notifications of a deleted memory with it', async () => {
    const me = await registerUser(t.app);
    const actor = await createUser(t.database.db);
    const memory = await createMemory(t.database.db, { authorId: me.user.id });
    const other = await createMemory(t.database.db, { authorId: me.user.id });
    await notify({
      userId: me.user.id,
      actorId: actor.id,
      type: 'reaction',
      memoryId: memory.id,
      reaction: 'wow',
    });
    await notify({ userId: me.user.id, actorId: actor.id, type: 'mention', memoryId: other.id });
    expect(await unreadCount(me)).toBe(2);

    await t.database.db.delete(memories).where(eq(memories.id, memory.id));
    expect((await listOf(me)).data.map((n) => n.memoryId)).toEqual([other.id]);
    expect(await unreadCount(me)).toBe(1);
  });

  it('answers 401 without a token', async () => {
    const res = await list(undefined);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });

  it.each([
    [{ cursor: 'not-a-cursor' }, 'query.cursor'],
    [{ cursor: Buffer.from('1700000000000.not-a-uuid-at-all').toString('base64url') }, 'query.cursor'],
    [{ cursor: `${encodeCursor({ createdAt: new Date(), id: randomUUID() })}!` }, 'query.cursor'],
    [{ limit: '101' }, 'query.limit'],
    [{ unread: 'yes' }, 'query.unread'],
  ])('refuses %j with 400 at %s', async (query, path) => {
    const me = await registerUser(t.app);
    const res = await list(me, query);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect((errorOf(res).details ?? []).map((d) => d.path)).toEqual([path]);
  });
});

describe('GET /api/v1/notifications/unread-count', () => {
  it('counts unread notifications, a group once', async () => {
    const me = await registerUser(t.app);
    expect(await unreadCount(me)).toBe(0);
    const memory = await createMemory(t.database.db, { authorId: me.user.id });
    for (let i = 0; i < 3; i++) {
      const actor = await createUser(t.database.db);
      await notify({
        userId: me.user.id,
        actorId: actor.id,
        type: 'reaction',
        memoryId: memory.id,
        reaction: 'abrazo',
      });
    }
    const follower = await createUser(t.database.db);
    await notify({ userId: me.user.id, actorId: follower.id, type: 'follow' });
    expect(await unreadCount(me)).toBe(2);
  });

  it('answers 401 without a token', async () => {
    const res = await t.app.inject({ url: '/api/v1/notifications/unread-count' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });
});
