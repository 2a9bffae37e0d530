import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../contract/chat.ts';
import { createManualClock, createTestApp, testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { createSockets, listen, settle, type TestClient } from '../../../test/helpers/sockets.ts';
import { createAccessTokens } from '../modules/auth/tokens.ts';

let t: TestApp;
let url = '';
const sockets = createSockets();
const open = (token: string | undefined) => sockets.open(url, token);

beforeAll(async () => {
  t = await createTestApp();
  url = await listen(t);
});
afterAll(async () => {
  sockets.closeAll();
  await t.close();
});

async function conversationOf(a: RegisteredUser, ...others: RegisteredUser[]): Promise<Conversation> {
  const payload =
    others.length === 1
      ? { kind: 'direct', memberIds: [others[0]?.user.id] }
      : { kind: 'group', name: 'Práctica del martes', memberIds: others.map((o) => o.user.id) };
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: bearer(a.accessToken),
    payload,
  });
  if (res.statusCode >= 300) throw new Error(`create conversation: ${res.statusCode} ${res.body}`);
  return res.json<{ data: Conversation }>().data;
}

function send(socket: TestClient, conversationId: string, body: string, clientMessageId = randomUUID()) {
  return socket.emitWithAck('message:send', { conversationId, clientMessageId, body });
}

/** Collects message:new on a socket, acknowledging each one. */
function inbox(socket: TestClient): Message[] {
  const got: Message[] = [];
  socket.on('message:new', (m, ack) => {
    got.push(m);
    ack(true);
  });
  return got;
}

describe('connecting', () => {
  it('refuses a socket without a token, with a bad token, or with an expired one', async () => {
    await expect(open(undefined)).rejects.toThrow('UNAUTHENTICATED');
    await expect(open('not-a-jwt')).rejects.toThrow('UNAUTHENTICATED');
    const past = createAccessTokens(
      testConfig.jwtSecret,
      createManualClock(new Date(Date.now() - 3_600_000)),
    );
    const { token } = await past.sign({ userId: randomUUID(), sessionId: randomUUID() });
    await expect(open(token)).rejects.toThrow('TOKEN_EXPIRED');
  });

  it('accepts a valid access token', async () => {
    const ana = await registerUser(t.app);
    const socket = await open(ana.accessToken);
    expect(socket.connected).toBe(true);
  });
});

describe('messages', () => {
  it('acks a send after the row exists and delivers it once to every member socket, two tabs included', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(ana, bruno);
    const [anaSocket, brunoTab1, brunoTab2] = await Promise.all([
      open(ana.accessToken),
      open(bruno.accessToken),
      open(bruno.accessToken),
    ]);
    const [tab1, tab2, anaOwn] = [inbox(brunoTab1), inbox(brunoTab2), inbox(anaSocket)];
    const ack = await send(anaSocket, conversation.id, '¿Bailamos la próxima tanda?');
    if (!ack.ok) throw new Error(ack.error.message);
    const rows = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from messages where id = ${ack.data.id}`,
    );
    expect(rows[0]?.n).toBe(1);
    await settle();
    expect(tab1.map((m) => m.id)).toEqual([ack.data.id]);
    expect(tab2.map((m) => m.id)).toEqual([ack.data.id]);
    expect(anaOwn.map((m) => m.id)).toEqual([ack.data.id]);
    expect(tab1[0]).toMatchObject({ body: '¿Bailamos la próxima tanda?', senderId: ana.user.id, seq: 1 });
  });

  it('returns the same message for a retried client id, stored and delivered once', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(ana, bruno);
    const [anaSocket, brunoSocket] = await Promise.all([open(ana.accessToken), open(bruno.accessToken)]);
    const got = inbox(brunoSocket);
    const clientId = randomUUID();
    const [first, second] = await Promise.all([
      send(anaSocket, conversation.id, 'Hola', clientId),
      send(anaSocket, conversation.id, 'Hola', clientId),
    ]);
    if (!first.ok || !second.ok) throw new Error('send failed');
    expect(second.data.id).toBe(first.data.id);
    await settle();
    expect(got).toHaveLength(1);
  });

  it('refuses a send to a conversation one is not in, and delivers nothing', async () => {
    const [ana, bruno, intruder] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!ana || !bruno || !intruder) throw new Error('setup');
    const conversation = await conversationOf(ana, bruno);
    const [brunoSocket, intruderSocket] = await Promise.all([
      open(bruno.accessToken),
      open(intruder.accessToken),
    ]);
    const got = inbox(brunoSocket);
    const ack = await send(intruderSocket, conversation.id, 'spam');
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('NOT_FOUND');
    await settle();
    expect(got).toEqual([]);
  });

  it('answers an invalid payload with VALIDATION_FAILED', async () => {
    const ana = await registerUser(t.app);
    const socket = await open(ana.accessToken);
    const ack = await socket.emitWithAck('message:send', {
      conversationId: 'nope',
      clientMessageId: 'x',
      body: '',
    });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('VALIDATION_FAILED');
  });

  it('marks a message delivered when the recipient acknowledges it', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(ana, bruno);
    const [anaSocket, brunoSocket] = await Promise.all([open(ana.accessToken), open(bruno.accessToken)]);
    inbox(brunoSocket);
    const delivered: number[] = [];
    anaSocket.on('message:delivered', (e) => delivered.push(e.deliveredSeq));
    await send(anaSocket, conversation.id, 'uno');
    await settle(500);
    expect(delivered).toEqual([1]);
  });
});

describe('receipts and typing', () => {
  it('pushes a read mark as message:receipt and clears the unread count', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(ana, bruno);
    const [anaSocket, brunoSocket] = await Promise.all([open(ana.accessToken), open(bruno.accessToken)]);
    const first = await send(anaSocket, conversation.id, 'uno');
    const second = await send(anaSocket, conversation.id, 'dos');
    if (!first.ok || !second.ok) throw new Error('send failed');
    const unread = async () =>
      (await t.app.inject({ url: '/api/v1/conversations', headers: bearer(bruno.accessToken) })).json<{
        data: Conversation[];
      }>().data[0]?.unreadCount;
    expect(await unread()).toBe(2);
    const receipts: { userId: string; readSeq: number }[] = [];
    anaSocket.on('message:receipt', (r) => receipts.push({ userId: r.userId, readSeq: r.readSeq }));
    const ack = await brunoSocket.emitWithAck('message:read', {
      conversationId: conversation.id,
      messageId: second.data.id,
    });
    expect(ack.ok).toBe(true);
    await settle();
    expect(receipts).toEqual([{ userId: bruno.user.id, readSeq: 2 }]);
    expect(await unread()).toBe(0);
  });

  it('relays typing to the other members and stops it by itself', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(ana, bruno);
    const [anaSocket, brunoSocket] = await Promise.all([open(ana.accessToken), open(bruno.accessToken)]);
    const seen: boolean[] = [];
    brunoSocket.on('typing', (e) => seen.push(e.isTyping));
    const mine: boolean[] = [];
    anaSocket.on('typing', (e) => mine.push(e.isTyping));
    const ack = await anaSocket.emitWithAck('typing', { conversationId: conversation.id, isTyping: true });
    expect(ack.ok).toBe(true);
    await settle();
    expect(seen).toEqual([true]);
    await settle(6_500);
    expect(seen).toEqual([true, false]);
    expect(mine).toEqual([]);
  }, 15_000);
});

describe('sync', () => {
  it('replays exactly what was missed while disconnected, in order', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(ana, bruno);
    const anaSocket = await open(ana.accessToken);
    let brunoSocket = await open(bruno.accessToken);
    const seen = inbox(brunoSocket);
    await send(anaSocket, conversation.id, 'uno');
    await settle();
    const last = seen.at(-1);
    if (!last) throw new Error('nothing delivered');
    brunoSocket.disconnect();
    const missed: string[] = [];
    for (const body of ['dos', 'tres', 'cuatro']) {
      const ack = await send(anaSocket, conversation.id, body);
      if (ack.ok) missed.push(ack.data.id);
    }
    brunoSocket = await open(bruno.accessToken);
    const replay = await brunoSocket.emitWithAck('sync', {
      conversations: [{ conversationId: conversation.id, afterMessageId: last.id }],
    });
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.data.messages.map((m) => m.id)).toEqual(missed);
    expect(replay.data.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
  });
});

describe('pushes from the social core', () => {
  it('pushes notification:new when someone follows you', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const socket = await open(bruno.accessToken);
    const got: string[] = [];
    socket.on('notification:new', (n) => got.push(`${n.type}:${n.actors[0]?.id ?? ''}`));
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${bruno.username}/follow`,
      headers: bearer(ana.accessToken),
    });
    await settle();
    expect(got).toEqual([`follow:${ana.user.id}`]);
  });

  it('pushes entity:changed for a watched memory when it gets a comment', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const memory = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/memories',
        headers: bearer(ana.accessToken),
        payload: { body: 'Milonga de anoche' },
      })
    ).json<{ data: { id: string } }>().data;
    const socket = await open(bruno.accessToken);
    const changes: string[] = [];
    socket.on('entity:changed', (e) => changes.push(e.type));
    expect(await socket.emitWithAck('watch', { type: 'memory', id: memory.id })).toEqual({
      ok: true,
      data: null,
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/memories/${memory.id}/comments`,
      headers: bearer(ana.accessToken),
      payload: { body: '¡Qué noche!' },
    });
    await settle();
    expect(changes.sort()).toEqual(['comment', 'memory']);
  });

  it('refuses to watch a memory one may not see', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const memory = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/memories',
        headers: bearer(ana.accessToken),
        payload: { body: 'Solo para mí', visibility: 'private' },
      })
    ).json<{ data: { id: string } }>().data;
    const socket = await open(bruno.accessToken);
    const ack = await socket.emitWithAck('watch', { type: 'memory', id: memory.id });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('NOT_FOUND');
  });
});
