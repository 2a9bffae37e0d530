import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../contract/chat.ts';
import { acceptMessagesFromEveryone } from '../../../test/factories/users.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { createSockets, listen, type TestClient } from '../../../test/helpers/sockets.ts';

// Live pushes across a block in a shared group: neither hears the other's messages or edits. To show
// that something was NOT pushed, a later message from a third member is awaited instead: pushes of one
// conversation go out in order, so once it arrives, the earlier one would have too.

let t: TestApp;
let url = '';
const sockets = createSockets();
const open = (token: string) => sockets.open(url, token);

beforeAll(async () => {
  t = await createTestApp();
  url = await listen(t);
});
afterAll(async () => {
  sockets.closeAll();
  await t.close();
});

async function api<T>(u: RegisteredUser, method: 'POST' | 'PUT' | 'PATCH', path: string, payload?: object) {
  const res = await t.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: bearer(u.accessToken),
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
  return res.body === '' ? undefined : res.json<{ data: T }>().data;
}

async function send(socket: TestClient, conversationId: string, body: string): Promise<Message> {
  const ack = await socket.emitWithAck('message:send', {
    conversationId,
    clientMessageId: randomUUID(),
    body,
  });
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data;
}

/** What a socket is pushed, as "event:body", and a way to wait for one of them. */
function recorder(socket: TestClient) {
  const seen: string[] = [];
  const waiters: { want: string; resolve: () => void }[] = [];
  const note = (entry: string) => {
    seen.push(entry);
    for (const w of waiters.filter((x) => x.want === entry)) w.resolve();
  };
  socket.on('message:new', (m) => note(`new:${m.body}`));
  socket.on('message:updated', (m) => note(`updated:${m.body}`));
  return {
    seen,
    /** Resolves once `entry` was pushed; fails the test after 5 s. */
    until(entry: string): Promise<void> {
      if (seen.includes(entry)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`never pushed ${entry}; got ${seen.join(', ')}`)),
          5_000,
        );
        waiters.push({
          want: entry,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

/** Ana's group with Bruno and Carla, each on a socket; Carla blocks Bruno. */
async function groupWithBlock() {
  const [ana, bruno, carla] = await Promise.all([
    registerUser(t.app),
    registerUser(t.app),
    registerUser(t.app),
  ]);
  await acceptMessagesFromEveryone(t.database.db, [bruno.user.id, carla.user.id]);
  const conversation = await api<Conversation>(ana, 'POST', '/conversations', {
    kind: 'group',
    name: 'Práctica del martes',
    memberIds: [bruno.user.id, carla.user.id],
  });
  if (!conversation) throw new Error('no conversation');
  await api(carla, 'PUT', `/users/${bruno.username}/block`);
  const [anaSocket, brunoSocket, carlaSocket] = await Promise.all([
    open(ana.accessToken),
    open(bruno.accessToken),
    open(carla.accessToken),
  ]);
  return { ana, bruno, carla, conversation, anaSocket, brunoSocket, carlaSocket };
}

describe('message:new across a block', () => {
  it("delivers neither one's messages to the other, and both to everyone else", async () => {
    const { conversation, anaSocket, brunoSocket, carlaSocket } = await groupWithBlock();
    const [toAna, toBruno, toCarla] = [recorder(anaSocket), recorder(brunoSocket), recorder(carlaSocket)];
    await send(brunoSocket, conversation.id, 'de Bruno');
    await send(carlaSocket, conversation.id, 'de Carla');
    await send(anaSocket, conversation.id, 'marca');
    await Promise.all([toAna.until('new:marca'), toBruno.until('new:marca'), toCarla.until('new:marca')]);
    expect(toCarla.seen).toEqual(['new:de Carla', 'new:marca']);
    expect(toBruno.seen).toEqual(['new:de Bruno', 'new:marca']);
    expect(toAna.seen).toEqual(['new:de Bruno', 'new:de Carla', 'new:marca']);
  });

  it('sends the blocked one no edits of the other either', async () => {
    const { ana, bruno, conversation, anaSocket, brunoSocket, carlaSocket } = await groupWithBlock();
    const toCarla = recorder(carlaSocket);
    const fromBruno = await send(brunoSocket, conversation.id, 'uno');
    const fromAna = await send(anaSocket, conversation.id, 'dos');
    await api(bruno, 'PATCH', `/messages/${fromBruno.id}`, { body: 'uno editado' });
    await api(ana, 'PATCH', `/messages/${fromAna.id}`, { body: 'dos editado' });
    await toCarla.until('updated:dos editado');
    expect(toCarla.seen).toEqual(['new:dos', 'updated:dos editado']);
  });
});

describe('sync across a block', () => {
  it("replays to each only what they may see, not the other's messages", async () => {
    const { conversation, anaSocket, brunoSocket, carlaSocket } = await groupWithBlock();
    await send(brunoSocket, conversation.id, 'de Bruno');
    await send(carlaSocket, conversation.id, 'de Carla');
    await send(anaSocket, conversation.id, 'de Ana');
    const replay = async (socket: TestClient) => {
      const ack = await socket.emitWithAck('sync', {
        conversations: [{ conversationId: conversation.id, afterMessageId: null }],
      });
      if (!ack.ok) throw new Error(ack.error.message);
      return ack.data.messages.map((m) => m.body);
    };
    expect(await replay(carlaSocket)).toEqual(['de Carla', 'de Ana']);
    expect(await replay(brunoSocket)).toEqual(['de Bruno', 'de Ana']);
    expect(await replay(anaSocket)).toEqual(['de Bruno', 'de Carla', 'de Ana']);
  });
});
