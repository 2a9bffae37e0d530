import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, Conversation, Message, ReceivedPayload, TypingEvent } from '../../contract/chat.ts';
import { createManualClock, createTestApp, testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { acceptMessagesFromEveryone } from '../../../test/factories/users.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { shareMemory } from '../../../test/helpers/social.ts';
import { createSockets, listen, settle, type TestClient } from '../../../test/helpers/sockets.ts';
import { createAccessTokens } from '../modules/auth/tokens.ts';
import { EVENT_BURST } from './gateway.ts';

let t: TestApp;
let url = '';
const sockets = createSockets();
const open = (token: string | undefined) => sockets.open(url, token);

// Typing runs out after 1 s here (6 s in the app), swept every 100 ms.
const TYPING_MS = 1_000;

beforeAll(async () => {
  t = await createTestApp({ realtime: { typingExpiryMs: TYPING_MS, typingSweepMs: 100 } });
  url = await listen(t);
});
afterAll(async () => {
  sockets.closeAll();
  await t.close();
});

/** A conversation started by `a`; the others accept messages from everyone, as strangers here. */
async function conversationOf(a: RegisteredUser, ...others: RegisteredUser[]): Promise<Conversation> {
  await acceptMessagesFromEveryone(
    t.database.db,
    others.map((o) => o.user.id),
  );
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

/** Collects message:new on a socket, confirming each one with message:received. */
function inbox(socket: TestClient): Message[] {
  const got: Message[] = [];
  socket.on('message:new', (m) => {
    got.push(m);
    socket.emit('message:received', { received: [{ conversationId: m.conversationId, seq: m.seq }] });
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

  it('answers an unknown event, and an event sent with an ack but no payload, in the ack', async () => {
    const ana = await registerUser(t.app);
    const socket = await open(ana.accessToken);
    const raw = socket as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
    expect(await raw.emitWithAck('milonga:dance', { tanda: 1 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Unknown event "milonga:dance".' },
    });
    expect(await raw.emitWithAck('sync')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(socket.connected).toBe(true);
  });

  it('answers RATE_LIMITED past the socket allowance of events, for that socket only, until it refills', async () => {
    const ana = await registerUser(t.app);
    const [flooding, other] = [await open(ana.accessToken), await open(ana.accessToken)];
    const raw = (s: TestClient) =>
      s as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<Ack<null>> };
    const codes = async (s: TestClient, n: number) =>
      (await Promise.all(Array.from({ length: n }, () => raw(s).emitWithAck('milonga:dance', {})))).map(
        (a) => (a.ok ? 'ok' : a.error.code),
      );
    const answers = await codes(flooding, EVENT_BURST + 10);
    // The allowance refills while the burst is under way: a token or two may come back.
    const served = answers.filter((c) => c === 'NOT_FOUND').length;
    expect(served).toBeGreaterThanOrEqual(EVENT_BURST);
    expect(served).toBeLessThanOrEqual(EVENT_BURST + 2);
    expect(answers.filter((c) => c === 'RATE_LIMITED')).toHaveLength(EVENT_BURST + 10 - served);
    expect(await codes(other, 1)).toEqual(['NOT_FOUND']);
    await settle(1000);
    expect(await codes(flooding, 10)).toEqual(Array.from({ length: 10 }, () => 'NOT_FOUND'));
    expect(flooding.connected).toBe(true);
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

  it('marks a message delivered to the members who confirmed it, told to the sender in one batch', async () => {
    const [ana, bruno, carla, diego, eva] = await Promise.all([
      registerUser(t.app),
      registerUser(t.app),
      registerUser(t.app),
      registerUser(t.app),
      registerUser(t.app),
    ]);
    const conversation = await conversationOf(ana, bruno, carla, diego);
    const anaSocket = await open(ana.accessToken);
    const brunoSocket = await open(bruno.accessToken);
    const carlaSocket = await open(carla.accessToken);
    const diegoSocket = await open(diego.accessToken);
    const evaSocket = await open(eva.accessToken);
    inbox(anaSocket);
    inbox(brunoSocket);
    inbox(carlaSocket);
    // Diego's client receives but never confirms: not delivered to him.
    diegoSocket.on('message:new', () => undefined);
    const delivered: { userId: string; deliveredSeq: number }[][] = [];
    anaSocket.on('message:delivered', (e) => {
      expect(e.conversationId).toBe(conversation.id);
      delivered.push(e.deliveries);
    });
    await send(anaSocket, conversation.id, 'uno');
    await send(anaSocket, conversation.id, 'dos');
    // Eva is not a member: her confirmation is accepted on the wire and dropped when written.
    expect(
      await evaSocket.emitWithAck('message:received', {
        received: [{ conversationId: conversation.id, seq: 2 }],
      }),
    ).toEqual({ ok: true, data: null });
    await settle(500);

    const flat = delivered.flat();
    const highest = (id: string) =>
      Math.max(0, ...flat.filter((d) => d.userId === id).map((d) => d.deliveredSeq));
    expect(highest(bruno.user.id)).toBe(2);
    expect(highest(carla.user.id)).toBe(2);
    for (const id of [diego.user.id, ana.user.id, eva.user.id]) {
      expect(flat.map((d) => d.userId)).not.toContain(id);
    }
    // Batched: fewer events than confirmations (two messages × two members).
    expect(delivered.length).toBeLessThan(4);
    const rows = await t.database.rows<{ user_id: string; delivered_seq: string }>(
      sql`select user_id, delivered_seq from conversation_deliveries where conversation_id = ${conversation.id}`,
    );
    const seqOf = (id: string) => Number(rows.find((r) => r.user_id === id)?.delivered_seq ?? 0);
    // Ana's own confirmations count too (her other devices), though nobody is told about them.
    expect(rows.map((r) => r.user_id).sort()).toEqual([ana.user.id, bruno.user.id, carla.user.id].sort());
    expect([seqOf(bruno.user.id), seqOf(carla.user.id), seqOf(diego.user.id)]).toEqual([2, 2, 0]);
  });

  it('refuses a malformed delivery confirmation', async () => {
    const ana = await registerUser(t.app);
    const socket = await open(ana.accessToken);
    for (const bad of [
      {},
      { received: [] },
      { received: [{ conversationId: 'not-a-uuid', seq: 1 }] },
      { received: [{ conversationId: randomUUID(), seq: 0 }] },
      { received: [{ conversationId: randomUUID(), seq: 1.5 }] },
      { received: Array.from({ length: 101 }, () => ({ conversationId: randomUUID(), seq: 1 })) },
    ]) {
      const ack = await new Promise<Ack<null>>((resolve) =>
        socket.emit('message:received', bad as ReceivedPayload, resolve),
      );
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('receipts and typing', () => {
  /** Ana, Bruno and Carla in a group, each on a socket, and a way to say one is typing there. */
  async function typingGroup() {
    const [ana, bruno, carla] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!ana || !bruno || !carla) throw new Error('setup');
    const conversation = await conversationOf(ana, bruno, carla);
    const [anaSocket, brunoSocket, carlaSocket] = await Promise.all([
      open(ana.accessToken),
      open(bruno.accessToken),
      open(carla.accessToken),
    ]);
    const typing = (socket: TestClient, isTyping: boolean) =>
      socket.emitWithAck('typing', { conversationId: conversation.id, isTyping });
    return { ana, bruno, carla, conversation, anaSocket, brunoSocket, carlaSocket, typing };
  }

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

  it('relays typing to the other members with its expiry, and stops it by itself once', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(ana, bruno);
    const [anaSocket, brunoSocket] = await Promise.all([open(ana.accessToken), open(bruno.accessToken)]);
    const seen: TypingEvent[] = [];
    brunoSocket.on('typing', (e) => seen.push(e));
    const mine: boolean[] = [];
    anaSocket.on('typing', (e) => mine.push(e.isTyping));
    const before = Date.now();
    const ack = await anaSocket.emitWithAck('typing', { conversationId: conversation.id, isTyping: true });
    expect(ack.ok).toBe(true);
    await settle();
    expect(seen).toEqual([
      {
        conversationId: conversation.id,
        userId: ana.user.id,
        isTyping: true,
        expiresAt: expect.any(String) as string,
      },
    ]);
    const first = seen[0];
    const expiresAt = first?.isTyping ? Date.parse(first.expiresAt) : 0;
    expect(expiresAt).toBeGreaterThanOrEqual(before + TYPING_MS - 50);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + TYPING_MS);
    await settle(TYPING_MS + 500);
    expect(seen.map((e) => e.isTyping)).toEqual([true, false]);
    expect(seen[1]).toEqual({ conversationId: conversation.id, userId: ana.user.id, isTyping: false });
    expect(mine).toEqual([]);
  });

  it('sends a stop once, when the typist stops or their socket closes', async () => {
    const { ana, anaSocket, brunoSocket, carlaSocket, typing } = await typingGroup();
    const seen: string[] = [];
    carlaSocket.on('typing', (e) => seen.push(`${e.userId === ana.user.id ? 'ana' : 'bruno'}:${e.isTyping}`));
    await typing(anaSocket, true);
    await typing(anaSocket, false);
    await typing(anaSocket, false);
    await typing(brunoSocket, true);
    brunoSocket.disconnect();
    await settle(TYPING_MS + 500);
    expect(seen).toEqual(['ana:true', 'ana:false', 'bruno:true', 'bruno:false']);
  });

  it('stops relaying typing to and from a member the moment they leave', async () => {
    const { ana, carla, conversation, anaSocket, brunoSocket, carlaSocket, typing } = await typingGroup();
    const carlaSaw: boolean[] = [];
    carlaSocket.on('typing', (e) => carlaSaw.push(e.isTyping));
    const brunoSaw: string[] = [];
    brunoSocket.on('typing', (e) => brunoSaw.push(e.userId));
    await typing(anaSocket, true);
    await typing(anaSocket, false);
    await settle(100);
    expect(carlaSaw).toEqual([true, false]);

    const left = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/leave`,
      headers: bearer(carla.accessToken),
    });
    expect(left.statusCode).toBe(204);
    await typing(anaSocket, true);
    const refused = await typing(carlaSocket, true);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('NOT_FOUND');
    await settle(100);
    expect(carlaSaw).toEqual([true, false]);
    expect(brunoSaw).toEqual([ana.user.id, ana.user.id, ana.user.id]);
  });

  it('answers typing:get with who else is typing, to members only', async () => {
    const [ana, bruno, intruder] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!ana || !bruno || !intruder) throw new Error('setup');
    const conversation = await conversationOf(ana, bruno);
    const [anaSocket, brunoSocket, intruderSocket] = await Promise.all([
      open(ana.accessToken),
      open(bruno.accessToken),
      open(intruder.accessToken),
    ]);
    await anaSocket.emitWithAck('typing', { conversationId: conversation.id, isTyping: true });
    const got = await brunoSocket.emitWithAck('typing:get', { conversationId: conversation.id });
    expect(got).toEqual({
      ok: true,
      data: { typing: [{ userId: ana.user.id, expiresAt: expect.any(String) as string }] },
    });
    expect(await anaSocket.emitWithAck('typing:get', { conversationId: conversation.id })).toEqual({
      ok: true,
      data: { typing: [] },
    });
    const refused = await intruderSocket.emitWithAck('typing:get', { conversationId: conversation.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('NOT_FOUND');
    const typingThere = await intruderSocket.emitWithAck('typing', {
      conversationId: conversation.id,
      isTyping: true,
    });
    expect(typingThere.ok).toBe(false);
    if (!typingThere.ok) expect(typingThere.error.code).toBe('NOT_FOUND');
    for (const bad of [{ conversationId: 'not-a-uuid' }, { conversationId: conversation.id, extra: 1 }, {}]) {
      const invalid = await brunoSocket.emitWithAck('typing:get', bad as { conversationId: string });
      expect(invalid.ok).toBe(false);
      if (!invalid.ok) expect(invalid.error.code).toBe('VALIDATION_FAILED');
    }
  });
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
    const memory = await shareMemory(t.app, ana, { body: 'Milonga de anoche' });
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
    const memory = await shareMemory(t.app, ana, { body: 'Solo para mí', visibility: 'private' });
    const socket = await open(bruno.accessToken);
    const ack = await socket.emitWithAck('watch', { type: 'memory', id: memory.id });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('NOT_FOUND');
  });
});
