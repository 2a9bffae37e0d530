import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, Conversation, ReceivedPayload } from '../../contract/chat.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser } from '../../../test/helpers/auth.ts';
import { createSockets, listen, record } from '../../../test/helpers/sockets.ts';
import { arrived, conversationOf, inbox, send, sent } from './gateway.testing.ts';

// Pushes of one conversation leave in commit order, so to show that something was NOT pushed, a
// later message (the marker) is awaited: once it is there, the earlier push would be too.

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

const ids = (messages: { id: string }[]) => messages.map((m) => m.id);

describe('message:send', () => {
  it('acks a send after the row exists and delivers it once to every member socket, two tabs included', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(t, ana, bruno);
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
    const marker = await sent(anaSocket, conversation.id, 'marca');
    await Promise.all([tab1, tab2, anaOwn].map((box) => arrived(box, 'marca')));
    for (const box of [tab1, tab2, anaOwn]) expect(ids(box.seen)).toEqual([ack.data.id, marker.id]);
    expect(tab1.seen[0]).toMatchObject({
      body: '¿Bailamos la próxima tanda?',
      senderId: ana.user.id,
      seq: 1,
    });
  });

  it('returns the same message for a retried client id, stored and delivered once', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(t, ana, bruno);
    const [anaSocket, brunoSocket] = await Promise.all([open(ana.accessToken), open(bruno.accessToken)]);
    const got = inbox(brunoSocket);
    const clientId = randomUUID();
    const [first, second] = await Promise.all([
      send(anaSocket, conversation.id, 'Hola', clientId),
      send(anaSocket, conversation.id, 'Hola', clientId),
    ]);
    if (!first.ok || !second.ok) throw new Error('send failed');
    expect(second.data.id).toBe(first.data.id);
    const marker = await sent(anaSocket, conversation.id, 'marca');
    await arrived(got, 'marca');
    expect(ids(got.seen)).toEqual([first.data.id, marker.id]);
  });

  it('refuses a send to a conversation one is not in, and delivers nothing', async () => {
    const [ana, bruno, intruder] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!ana || !bruno || !intruder) throw new Error('setup');
    const conversation = await conversationOf(t, ana, bruno);
    const [anaSocket, brunoSocket, intruderSocket] = await Promise.all([
      open(ana.accessToken),
      open(bruno.accessToken),
      open(intruder.accessToken),
    ]);
    const got = inbox(brunoSocket);
    const ack = await send(intruderSocket, conversation.id, 'spam');
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('NOT_FOUND');
    const marker = await sent(anaSocket, conversation.id, 'marca');
    await arrived(got, 'marca');
    expect(ids(got.seen)).toEqual([marker.id]);
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
});

describe('delivery marks', () => {
  it('marks a message delivered to the members who confirmed it, told to the sender in one batch', async () => {
    const [ana, bruno, carla, diego, eva] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t.app)));
    if (!ana || !bruno || !carla || !diego || !eva) throw new Error('setup');
    const conversation = await conversationOf(t, ana, bruno, carla, diego);
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
    const told = record(anaSocket, 'message:delivered');
    const highest = (id: string) =>
      Math.max(
        0,
        ...told.seen.flatMap((e) => e.deliveries.filter((d) => d.userId === id).map((d) => d.deliveredSeq)),
      );
    await sent(anaSocket, conversation.id, 'uno');
    await sent(anaSocket, conversation.id, 'dos');
    // Eva is not a member: her confirmation is accepted on the wire and dropped when written.
    expect(
      await evaSocket.emitWithAck('message:received', {
        received: [{ conversationId: conversation.id, seq: 2 }],
      }),
    ).toEqual({ ok: true, data: null });
    await told.until(
      'told of Bruno and Carla at 2',
      () => highest(bruno.user.id) >= 2 && highest(carla.user.id) >= 2,
    );
    // Batched: fewer events than confirmations (two messages × two members).
    expect(told.seen.length).toBeLessThan(4);

    // Confirmations of the marker come after Eva's and Ana's own: once Ana hears of Bruno's, she would
    // have heard of theirs.
    await sent(anaSocket, conversation.id, 'marca');
    await told.until('told of Bruno at 3', () => highest(bruno.user.id) === 3);
    expect(told.seen.every((e) => e.conversationId === conversation.id)).toBe(true);
    const toldOf = told.seen.flatMap((e) => e.deliveries.map((d) => d.userId));
    for (const id of [diego.user.id, ana.user.id, eva.user.id]) expect(toldOf).not.toContain(id);
    const rows = await t.database.rows<{ user_id: string; delivered_seq: string }>(
      sql`select user_id, delivered_seq from conversation_deliveries where conversation_id = ${conversation.id}`,
    );
    const seqOf = (id: string) => Number(rows.find((r) => r.user_id === id)?.delivered_seq ?? 0);
    // Ana's own confirmations count too (her other devices), though nobody is told about them.
    expect(rows.map((r) => r.user_id)).toContain(ana.user.id);
    expect(rows.map((r) => r.user_id)).not.toContain(eva.user.id);
    expect([seqOf(bruno.user.id), seqOf(diego.user.id)]).toEqual([3, 0]);
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

describe('read marks', () => {
  it('pushes a read mark as message:receipt and clears the unread count', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(t, ana, bruno);
    const [anaSocket, brunoSocket] = await Promise.all([open(ana.accessToken), open(bruno.accessToken)]);
    await sent(anaSocket, conversation.id, 'uno');
    const second = await sent(anaSocket, conversation.id, 'dos');
    const unread = async () =>
      (await t.app.inject({ url: '/api/v1/conversations', headers: bearer(bruno.accessToken) })).json<{
        data: Conversation[];
      }>().data[0]?.unreadCount;
    expect(await unread()).toBe(2);
    const receipts = record(anaSocket, 'message:receipt');
    const read = (messageId: string) =>
      brunoSocket.emitWithAck('message:read', { conversationId: conversation.id, messageId });
    expect((await read(second.id)).ok).toBe(true);
    expect(await unread()).toBe(0);
    // Reading the same message again moves nothing; the marker's receipt comes after any repeat.
    expect((await read(second.id)).ok).toBe(true);
    const marker = await sent(anaSocket, conversation.id, 'marca');
    expect((await read(marker.id)).ok).toBe(true);
    await receipts.until('the receipt for the marker', (seen) => seen.some((r) => r.readSeq === 3));
    expect(receipts.seen.map((r) => ({ userId: r.userId, readSeq: r.readSeq }))).toEqual([
      { userId: bruno.user.id, readSeq: 2 },
      { userId: bruno.user.id, readSeq: 3 },
    ]);
  });
});
