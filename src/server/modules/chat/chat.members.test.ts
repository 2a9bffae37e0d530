import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertBlock } from '../../../../test/helpers/social.ts';
import type { Conversation } from '../../../contract/chat.ts';
import { systemClock } from '../../lib/clock.ts';
import { createEventBus } from '../../lib/events.ts';
import { unlimitedSends } from './chat.allowance.ts';
import { createChatService } from './chat.service.ts';
import { codeOf, errorPaths, useChatApp } from './chat.testing.ts';

// Group membership and the member list (chat.members.ts).

const { t, call, dancers, direct, group, say, conversationOf } = useChatApp();
const chatService = () =>
  createChatService({
    db: t.database.db,
    events: createEventBus(),
    clock: systemClock,
    sends: unlimitedSends,
  });

type Page = { data: Conversation[]; meta: { nextCursor: string | null; hasMore: boolean } };

describe('group membership', () => {
  it('lets an admin add members, who start with nothing unread', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno]);
    await say(bruno, conv.id);
    const res = await call(ana, 'POST', `/conversations/${conv.id}/members`, { userIds: [carla.user.id] });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: Conversation }>().data.members).toHaveLength(3);
    expect((await conversationOf(carla, conv.id)).unreadCount).toBe(0);
  });

  it('refuses adding for a plain member (403), a stranger (404), a blocked dancer (403), bad ids (400)', async () => {
    const [ana, bruno, carla, dario] = await dancers(4);
    const conv = await group(ana, [bruno]);
    const add = (u: typeof ana, userIds: unknown[]) =>
      call(u, 'POST', `/conversations/${conv.id}/members`, { userIds });
    expect((await add(bruno, [carla.user.id])).statusCode).toBe(403);
    expect((await add(carla, [dario.user.id])).statusCode).toBe(404);
    await insertBlock(t.database.db, dario.user.id, ana.user.id);
    expect((await add(ana, [dario.user.id])).statusCode).toBe(403);
    const bad = await add(ana, ['nope']);
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)).toEqual(['body.userIds.0']);
    expect((await call(null, 'POST', `/conversations/${conv.id}/members`, { userIds: [] })).statusCode).toBe(
      401,
    );
  });

  it('keeps direct conversations as they are (409)', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    const add = await call(ana, 'POST', `/conversations/${conv.id}/members`, { userIds: [carla.user.id] });
    expect(add.statusCode).toBe(409);
    expect((await call(ana, 'POST', `/conversations/${conv.id}/leave`)).statusCode).toBe(409);
    expect((await call(ana, 'PATCH', `/conversations/${conv.id}`, { name: 'Nosotros' })).statusCode).toBe(
      409,
    );
  });

  it('lets an admin remove a member and a member leave; the last admin hands over', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno, carla]);
    expect(
      (await call(bruno, 'DELETE', `/conversations/${conv.id}/members/${carla.user.id}`)).statusCode,
    ).toBe(403);
    expect((await call(ana, 'DELETE', `/conversations/${conv.id}/members/${carla.user.id}`)).statusCode).toBe(
      204,
    );
    expect((await call(carla, 'GET', `/conversations/${conv.id}`)).statusCode).toBe(404);
    expect((await call(ana, 'POST', `/conversations/${conv.id}/leave`)).statusCode).toBe(204);
    const left = await conversationOf(bruno, conv.id);
    expect(left.members).toEqual([expect.objectContaining({ id: bruno.user.id, role: 'admin' })]);
  });

  it('answers 404 to strangers and for someone not in the group, 400 for bad ids, 401 without auth', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno]);
    expect((await call(carla, 'POST', `/conversations/${conv.id}/leave`)).statusCode).toBe(404);
    expect((await call(ana, 'DELETE', `/conversations/${conv.id}/members/${carla.user.id}`)).statusCode).toBe(
      404,
    );
    const bad = await call(ana, 'DELETE', `/conversations/${conv.id}/members/nope`);
    expect(errorPaths(bad)).toEqual(['params.userId']);
    expect((await call(null, 'POST', `/conversations/${conv.id}/leave`)).statusCode).toBe(401);
    expect(
      (await call(null, 'DELETE', `/conversations/${conv.id}/members/${bruno.user.id}`)).statusCode,
    ).toBe(401);
  });

  it('renames for admins only', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno]);
    const res = await call(ana, 'PATCH', `/conversations/${conv.id}`, { name: '  Vals  ' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: Conversation }>().data.name).toBe('Vals');
    expect((await call(bruno, 'PATCH', `/conversations/${conv.id}`, { name: 'Otro' })).statusCode).toBe(403);
    expect((await call(carla, 'PATCH', `/conversations/${conv.id}`, { name: 'Otro' })).statusCode).toBe(404);
    const blank = await call(ana, 'PATCH', `/conversations/${conv.id}`, { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(errorPaths(blank)).toEqual(['body.name']);
    expect((await call(null, 'PATCH', `/conversations/${conv.id}`, { name: 'x' })).statusCode).toBe(401);
  });
});

/** Dancers who never sign in here (rows only, so a big group is cheap to build), open to messages from everyone. */
async function insertDancers(n: number): Promise<string[]> {
  const prefix = `m${randomUUID().slice(0, 8)}`;
  const rows = await t.database.rows<{ id: string }>(sql`
    insert into users (id, username, email, display_name, direct_messages)
    select gen_random_uuid(), ${prefix} || '_' || g, ${prefix} || '_' || g || '@example.test', 'Bailarín ' || g,
           'everyone'
    from generate_series(1, ${n}) as g
    returning id`);
  return rows.map((r) => r.id);
}

describe('GET /api/v1/conversations/:id/members', () => {
  it('shows a preview of 20 (the admin first) with the count, and pages all members in joining order', async () => {
    const [ana, bruno] = await dancers(2);
    const others = await insertDancers(28);
    const created = await call(ana, 'POST', '/conversations', {
      kind: 'group',
      name: 'Milonga grande',
      memberIds: [bruno.user.id, ...others],
    });
    expect(created.statusCode, created.body).toBe(201);
    const conv = created.json<{ data: Conversation }>().data;
    expect(conv.memberCount).toBe(30);
    expect(conv.members).toHaveLength(20);
    expect(conv.members[0]).toMatchObject({ id: ana.user.id, role: 'admin' });
    const listed = (await call(bruno, 'GET', '/conversations'))
      .json<Page>()
      .data.find((c) => c.id === conv.id);
    expect(listed).toMatchObject({ memberCount: 30 });
    expect(listed?.members).toHaveLength(20);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=12' : `?limit=12&cursor=${cursor}`;
      const res = await call(bruno, 'GET', `/conversations/${conv.id}/members${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ data: { id: string; role: string }[]; meta: { nextCursor: string | null } }>();
      expect(page.data.length).toBeLessThanOrEqual(12);
      seen.push(...page.data.map((m) => m.id));
      cursor = page.meta.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(30);
    expect(seen.sort()).toEqual([ana.user.id, bruno.user.id, ...others].sort());
  });

  it("lists each member's read and delivered marks", async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno, carla]);
    await say(ana, conv.id, 'uno');
    const second = await say(ana, conv.id, 'dos');
    const read = await call(bruno, 'POST', `/conversations/${conv.id}/read`, { messageId: second.id });
    expect(read.statusCode, read.body).toBe(200);
    await chatService().markDeliveredMany([{ conversationId: conv.id, userId: carla.user.id, seq: 1 }]);
    const res = await call(ana, 'GET', `/conversations/${conv.id}/members`);
    expect(res.statusCode, res.body).toBe(200);
    const marks = res
      .json<{ data: { id: string; readSeq: number; deliveredSeq: number }[] }>()
      .data.map((m) => ({ id: m.id, readSeq: m.readSeq, deliveredSeq: m.deliveredSeq }));
    expect(marks).toEqual(
      expect.arrayContaining([
        { id: ana.user.id, readSeq: 2, deliveredSeq: 0 },
        { id: bruno.user.id, readSeq: 2, deliveredSeq: 0 },
        { id: carla.user.id, readSeq: 0, deliveredSeq: 1 },
      ]),
    );
  });

  it('answers 404 to a non-member, 401 without auth, 400 for a bad id, cursor or limit', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno]);
    expect((await call(carla, 'GET', `/conversations/${conv.id}/members`)).statusCode).toBe(404);
    expect((await call(carla, 'GET', `/conversations/${randomUUID()}/members`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `/conversations/${conv.id}/members`)).statusCode).toBe(401);
    const badId = await call(ana, 'GET', '/conversations/not-a-uuid/members');
    expect(badId.statusCode).toBe(400);
    const badCursor = await call(ana, 'GET', `/conversations/${conv.id}/members?cursor=%%%`);
    expect(badCursor.statusCode).toBe(400);
    const tooMany = await call(ana, 'GET', `/conversations/${conv.id}/members?limit=1000`);
    expect(tooMany.statusCode).toBe(400);
    expect(codeOf(tooMany)).toBe('VALIDATION_FAILED');
  });
});
