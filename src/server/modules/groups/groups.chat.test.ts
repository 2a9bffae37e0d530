import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../../contract/chat.ts';
import { createSockets, listen, record } from '../../../../test/helpers/sockets.ts';
import {
  addMember,
  createDancer,
  createDancers,
  createGroup,
  deleteAccount,
  errorOf,
  groupOf,
  groupsOf,
  outcome,
  registeredDancer,
  useGroupsApp,
  type Dancer,
} from './groups.testing.ts';
import { GROUP_CHAT_FOLLOWS_GROUP_MESSAGE } from '../chat/chat.members.ts';

// Each group's chat (group-chat.ts): its members are the group's, through every way in and out.

const { t, api } = useGroupsApp();

const conversation = (id: string, who: Dancer | undefined) => api.call('GET', `/conversations/${id}`, who);
const history = (id: string, who: Dancer) => api.call('GET', `/conversations/${id}/messages`, who);
const send = (id: string, who: Dancer, body: string) =>
  api.call('POST', `/conversations/${id}/messages`, who, { clientMessageId: randomUUID(), body });
const chatOf = (res: { json: <T>() => T }) => res.json<{ data: Conversation }>().data;

/** The group's chat id as its member sees it on the group; fails unless they have a seat. */
async function chatIdOf(groupId: string, member: Dancer): Promise<string> {
  const { conversationId } = groupOf(await api.get(groupId, member));
  if (conversationId === null) throw new Error('no seat in the group chat');
  return conversationId;
}

describe("a group's chat", () => {
  it('opens with the group, named after it, with its owner in it', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    expect(group.conversationId).toEqual(expect.any(String));
    const chat = chatOf(await conversation(group.conversationId ?? '', owner));
    expect(chat).toMatchObject({ kind: 'group', name: group.name, groupId: group.id, memberCount: 1 });
    expect(chat.members.map((m) => [m.id, m.role])).toEqual([[owner.id, 'member']]);
  });

  it('takes whoever joins a public group, who can then read and send', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    const id = group.conversationId ?? '';
    expect((await send(id, owner, 'Bienvenidos')).statusCode).toBe(201);
    const joined = groupOf(await api.join(group.id, ana));
    expect(joined.conversationId).toBe(id);
    expect(chatOf(await conversation(id, ana))).toMatchObject({ memberCount: 2, unreadCount: 0 });
    expect((await send(id, ana, 'Hola a todos')).statusCode).toBe(201);
    const seen = (await history(id, owner)).json<{ data: Message[] }>().data.map((m) => m.body);
    expect(seen).toEqual(['Hola a todos', 'Bienvenidos']);
    // Listed with the group too, and among the dancer's conversations.
    expect(groupsOf(await api.mine(ana)).data.map((g) => g.conversationId)).toEqual([id]);
    const mine = await api.call('GET', '/conversations', ana);
    expect(mine.json<{ data: Conversation[] }>().data.map((c) => c.groupId)).toEqual([group.id]);
  });

  it("takes a private group's members once approved, not while they ask", async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner, { visibility: 'private' });
    const id = group.conversationId ?? '';
    expect(groupOf(await api.join(group.id, ana)).conversationId).toBeNull();
    expect(outcome(await conversation(id, ana))).toBe('404 NOT_FOUND');
    expect((await api.approve(group.id, ana.id, owner)).statusCode).toBe(201);
    expect(await chatIdOf(group.id, ana)).toBe(id);
    expect((await send(id, ana, 'Gracias')).statusCode).toBe(201);
  });

  it('takes the pending requests of a private group made public', async () => {
    const [owner, ana, bruno] = await createDancers(t, 3);
    const group = await createGroup(api, owner, { visibility: 'private' });
    for (const d of [ana, bruno]) await api.join(group.id, d);
    expect((await api.update(group.id, owner, { visibility: 'public' })).statusCode).toBe(200);
    for (const d of [ana, bruno]) expect(await chatIdOf(group.id, d)).toBe(group.conversationId);
    expect(chatOf(await conversation(group.conversationId ?? '', owner)).memberCount).toBe(3);
  });

  it.each([
    ['leaves', (g: string, d: Dancer, _o: Dancer) => api.leave(g, d)],
    ['is banned', (g: string, d: Dancer, o: Dancer) => api.ban(g, d.id, o)],
  ])('loses whoever %s the group: they can neither read nor send', async (_, goes) => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, ana);
    const id = await chatIdOf(group.id, ana);
    expect((await goes(group.id, ana, owner)).statusCode).toBe(204);
    expect(groupOf(await api.get(group.id, ana)).conversationId).toBeNull();
    expect(outcome(await conversation(id, ana))).toBe('404 NOT_FOUND');
    expect(outcome(await history(id, ana))).toBe('404 NOT_FOUND');
    expect(outcome(await send(id, ana, 'Sigo aquí'))).toBe('404 NOT_FOUND');
    expect(chatOf(await conversation(id, owner)).memberCount).toBe(1);
  });

  it('is named after the group when it is renamed', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    expect((await api.update(group.id, owner, { name: 'Milonga del Sur' })).statusCode).toBe(200);
    expect(chatOf(await conversation(group.conversationId ?? '', owner)).name).toBe('Milonga del Sur');
  });

  it('goes with the group, messages and all', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, ana);
    const id = group.conversationId ?? '';
    await send(id, ana, 'Hasta pronto');
    expect((await api.remove(group.id, owner)).statusCode).toBe(204);
    for (const who of [owner, ana]) expect(outcome(await conversation(id, who))).toBe('404 NOT_FOUND');
    const mine = await api.call('GET', '/conversations', ana);
    expect(mine.json<{ data: Conversation[] }>().data).toEqual([]);
  });

  it('loses a member whose account is deleted, and goes with a group left without members', async () => {
    const gone = await registeredDancer(t);
    const owner = await createDancer(t);
    const shared = await createGroup(api, owner);
    await addMember(api, shared, owner, gone);
    const own = await createGroup(api, gone);
    await deleteAccount(t, gone);
    const chat = chatOf(await conversation(shared.conversationId ?? '', owner));
    expect(chat.members.map((m) => m.id)).toEqual([owner.id]);
    const left = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from conversations where id = ${own.conversationId}::uuid`,
    );
    expect(left).toEqual([{ n: 0 }]);
  });
});

describe('who sees the chat', () => {
  it('is nobody outside a private group: no id on the group or in lists, 404 on the chat', async () => {
    const [owner, asking, stranger] = await createDancers(t, 3);
    const group = await createGroup(api, owner, { visibility: 'private' });
    await api.join(group.id, asking);
    const id = group.conversationId ?? '';
    for (const who of [undefined, stranger, asking]) {
      expect(groupOf(await api.get(group.id, who)).conversationId).toBeNull();
      const listed = groupsOf(await api.list(`?q=${encodeURIComponent(group.name)}`, who)).data;
      expect(listed.map((g) => [g.id, g.conversationId])).toEqual([[group.id, null]]);
    }
    for (const who of [stranger, asking]) {
      expect(outcome(await conversation(id, who))).toBe('404 NOT_FOUND');
      expect(outcome(await history(id, who))).toBe('404 NOT_FOUND');
      expect(outcome(await send(id, who, 'Hola'))).toBe('404 NOT_FOUND');
      expect(outcome(await api.call('GET', `/conversations/${id}/members`, who))).toBe('404 NOT_FOUND');
    }
    expect(outcome(await conversation(id, undefined))).toBe('401 UNAUTHENTICATED');
  });

  it('is nobody outside a public group either, until they join', async () => {
    const [owner, stranger] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    const id = group.conversationId ?? '';
    expect(groupOf(await api.get(group.id, stranger)).conversationId).toBeNull();
    expect(outcome(await history(id, stranger))).toBe('404 NOT_FOUND');
    expect(outcome(await send(id, stranger, 'Hola'))).toBe('404 NOT_FOUND');
  });
});

describe("the chat API on a group's chat", () => {
  it('refuses to change its members or name (409), for its members; strangers learn nothing (404)', async () => {
    const [owner, ana, outsider] = await createDancers(t, 3);
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, ana);
    const id = group.conversationId ?? '';
    const changes = [
      (who: Dancer) => api.call('POST', `/conversations/${id}/members`, who, { userIds: [outsider.id] }),
      (who: Dancer) => api.call('DELETE', `/conversations/${id}/members/${ana.id}`, who),
      (who: Dancer) => api.call('POST', `/conversations/${id}/leave`, who),
      (who: Dancer) => api.call('PATCH', `/conversations/${id}`, who, { name: 'Otro nombre' }),
    ];
    for (const change of changes) {
      for (const who of [owner, ana]) {
        const res = await change(who);
        expect(outcome(res)).toBe('409 CONFLICT');
        expect(errorOf(res).message).toBe(GROUP_CHAT_FOLLOWS_GROUP_MESSAGE);
      }
      expect(outcome(await change(outsider))).toBe('404 NOT_FOUND');
    }
    const chat = chatOf(await conversation(id, owner));
    expect(chat).toMatchObject({ name: group.name, memberCount: 2 });
  });

  it('answers 401 without a token and 400 for bad input before anything else', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    const id = group.conversationId ?? '';
    expect(outcome(await api.call('POST', `/conversations/${id}/leave`, undefined))).toBe(
      '401 UNAUTHENTICATED',
    );
    const bad = await api.call('POST', `/conversations/${id}/members`, owner, { userIds: ['nobody'] });
    expect(outcome(bad)).toBe('400 VALIDATION_FAILED');
    expect(errorOf(bad).details?.map((d) => d.path)).toEqual(['body.userIds.0']);
  });
});

describe('over the socket', () => {
  const sockets = createSockets();
  let url = '';
  beforeAll(async () => {
    url = await listen(t);
  });
  afterAll(() => sockets.closeAll());

  it("tells a dancer who joins of the group's chat, and then pushes its messages", async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    const socket = await sockets.open(url, ana.token);
    const changes = record(socket, 'entity:changed');
    const messages = record(socket, 'message:new');
    await api.join(group.id, ana);
    const id = group.conversationId ?? '';
    await changes.until('told of the chat', (seen) =>
      seen.some((c) => c.type === 'conversation' && c.id === id),
    );
    await send(id, owner, 'Bienvenida, Ana');
    await messages.until('got the message', (seen) => seen.some((m) => m.body === 'Bienvenida, Ana'));

    await api.leave(group.id, ana);
    await changes.until('told it left the chat', (seen) => seen.filter((c) => c.id === id).length >= 2);
    await send(id, owner, 'Ya no está');
    // Back in, a marker: pushed in order, the message sent while Ana was out would have come first.
    expect((await api.join(group.id, ana)).statusCode).toBe(200);
    await send(id, owner, 'Volvió');
    await messages.until('got the marker', (seen) => seen.some((m) => m.body === 'Volvió'));
    expect(messages.seen.map((m) => m.body)).toEqual(['Bienvenida, Ana', 'Volvió']);
  });
});
