import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../../../../test/helpers/auth.ts';
import { insertBlock } from '../../../../test/helpers/social.ts';
import type { Conversation } from '../../../contract/chat.ts';
import { conversations } from '../../db/schema/index.ts';
import { codeOf, errorPaths, useChatApp } from './chat.testing.ts';

const { t, call, dancers, direct, group, say, conversationOf } = useChatApp();

type Page = { data: Conversation[]; meta: { nextCursor: string | null; hasMore: boolean } };

describe('POST /api/v1/conversations', () => {
  it('starts a direct conversation with both as members, then returns the same one (200)', async () => {
    const [ana, bruno] = await dancers(2);
    const first = await call(ana, 'POST', '/conversations', { kind: 'direct', memberIds: [bruno.user.id] });
    expect(first.statusCode).toBe(201);
    const conv = first.json<{ data: Conversation }>().data;
    expect(conv).toMatchObject({ kind: 'direct', name: null, lastMessage: null, unreadCount: 0 });
    expect(conv.members.map((m) => m.id).sort()).toEqual([ana.user.id, bruno.user.id].sort());

    const again = await call(bruno, 'POST', '/conversations', { kind: 'direct', memberIds: [ana.user.id] });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ data: Conversation }>().data.id).toBe(conv.id);
  });

  it('makes at most one direct conversation per pair under concurrent creates', async () => {
    const [ana, bruno] = await dancers(2);
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        call(ana, 'POST', '/conversations', { kind: 'direct', memberIds: [bruno.user.id] }),
      ),
      ...Array.from({ length: 4 }, () =>
        call(bruno, 'POST', '/conversations', { kind: 'direct', memberIds: [ana.user.id] }),
      ),
    ]);
    const ids = new Set(results.map((r) => r.json<{ data: Conversation }>().data.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const [id] = [...ids];
    expect(
      await t.database.db
        .select()
        .from(conversations)
        .where(eq(conversations.id, id ?? '')),
    ).toHaveLength(1);
  });

  it('refuses a direct conversation across a block, either way (403)', async () => {
    const [ana, bruno, carla] = await dancers(3);
    await insertBlock(t.database.db, bruno.user.id, ana.user.id);
    await insertBlock(t.database.db, ana.user.id, carla.user.id);
    for (const other of [bruno, carla]) {
      const res = await call(ana, 'POST', '/conversations', { kind: 'direct', memberIds: [other.user.id] });
      expect(res.statusCode).toBe(403);
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
  });

  it('answers 404 for an unknown member and 400 for oneself', async () => {
    const ana = await registerUser(t.app);
    const unknown = await call(ana, 'POST', '/conversations', { kind: 'direct', memberIds: [randomUUID()] });
    expect(unknown.statusCode).toBe(404);
    const self = await call(ana, 'POST', '/conversations', { kind: 'direct', memberIds: [ana.user.id] });
    expect(self.statusCode).toBe(400);
    expect(errorPaths(self)).toEqual(['body.memberIds.0']);
  });

  it('creates a group with the creator as admin', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno, carla, bruno], 'Milonga del jueves');
    expect(conv).toMatchObject({ kind: 'group', name: 'Milonga del jueves' });
    expect(conv.members).toHaveLength(3);
    expect(conv.members.find((m) => m.id === ana.user.id)?.role).toBe('admin');
    expect(conv.members.find((m) => m.id === carla.user.id)?.role).toBe('member');
  });

  it('refuses a group with an unknown (404) or blocked (403) member', async () => {
    const [ana, bruno, carla] = await dancers(3);
    await insertBlock(t.database.db, carla.user.id, ana.user.id);
    const payload = (ids: string[]) => ({ kind: 'group', name: 'Tanda', memberIds: ids });
    expect(
      (await call(ana, 'POST', '/conversations', payload([bruno.user.id, randomUUID()]))).statusCode,
    ).toBe(404);
    expect(
      (await call(ana, 'POST', '/conversations', payload([bruno.user.id, carla.user.id]))).statusCode,
    ).toBe(403);
  });

  it.each([
    ['no kind', { memberIds: [] }, 'body.kind'],
    ['a member id that is not an id', { kind: 'direct', memberIds: ['nope'] }, 'body.memberIds.0'],
    ['a group without name', { kind: 'group', memberIds: [randomUUID()] }, 'body.name'],
    [
      'a direct with two others',
      { kind: 'direct', memberIds: [randomUUID(), randomUUID()] },
      'body.memberIds',
    ],
  ])('refuses %s (400)', async (_name, payload, path) => {
    const ana = await registerUser(t.app);
    const res = await call(ana, 'POST', '/conversations', payload);
    expect(res.statusCode).toBe(400);
    expect(codeOf(res)).toBe('VALIDATION_FAILED');
    expect(errorPaths(res)).toContain(path);
  });

  it('requires a signed-in dancer', async () => {
    const res = await call(null, 'POST', '/conversations', { kind: 'direct', memberIds: [randomUUID()] });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /api/v1/conversations', () => {
  it('lists by last activity, newest first, paged without repeats', async () => {
    const [ana, bruno, carla, dario] = await dancers(4);
    const withBruno = await direct(ana, bruno);
    const withCarla = await direct(ana, carla);
    const withDario = await direct(ana, dario);
    await say(bruno, withBruno.id, 'Vamos a la milonga');

    const first = await call(ana, 'GET', '/conversations?limit=2');
    expect(first.statusCode).toBe(200);
    const p1 = first.json<Page>();
    expect(p1.data.map((c) => c.id)).toEqual([withBruno.id, withDario.id]);
    expect(p1.meta.hasMore).toBe(true);
    expect(p1.data[0]?.lastMessage?.body).toBe('Vamos a la milonga');
    expect(p1.data[0]?.unreadCount).toBe(1);

    const second = await call(ana, 'GET', `/conversations?limit=2&cursor=${p1.meta.nextCursor ?? ''}`);
    const p2 = second.json<Page>();
    expect(p2.data.map((c) => c.id)).toEqual([withCarla.id]);
    expect(p2.meta).toEqual({ hasMore: false, nextCursor: null });
  });

  it('shows nobody else’s conversations', async () => {
    const [ana, bruno, carla] = await dancers(3);
    await direct(ana, bruno);
    expect((await call(carla, 'GET', '/conversations')).json<Page>().data).toEqual([]);
  });

  it('refuses a bad cursor and limit (400) and no auth (401)', async () => {
    const ana = await registerUser(t.app);
    const res = await call(ana, 'GET', '/conversations?limit=0&cursor=@@');
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res)).toContain('query.limit');
    const cursor = await call(ana, 'GET', '/conversations?cursor=abc');
    expect(errorPaths(cursor)).toEqual(['query.cursor']);
    expect((await call(null, 'GET', '/conversations')).statusCode).toBe(401);
  });
});

describe('GET /api/v1/conversations/:id', () => {
  it('shows a member the conversation and hides it from others (404)', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    expect((await conversationOf(bruno, conv.id)).id).toBe(conv.id);
    const res = await call(carla, 'GET', `/conversations/${conv.id}`);
    expect(res.statusCode).toBe(404);
    expect((await call(carla, 'GET', `/conversations/${randomUUID()}`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `/conversations/${conv.id}`)).statusCode).toBe(401);
    const bad = await call(ana, 'GET', '/conversations/nope');
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)).toEqual(['params.id']);
  });
});
