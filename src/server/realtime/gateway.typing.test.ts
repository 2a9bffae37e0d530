import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypingEvent } from '../../contract/chat.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser } from '../../../test/helpers/auth.ts';
import { createSockets, listen, record, type TestClient } from '../../../test/helpers/sockets.ts';
import { conversationOf } from './gateway.testing.ts';

// Typing runs out after 1 s here (6 s in the app), swept every 100 ms. To show that a typing event
// was NOT pushed, a later one (the marker) is awaited: one socket's pushes arrive in order.

const TYPING_MS = 1_000;

let t: TestApp;
let url = '';
const sockets = createSockets();
const open = (token: string) => sockets.open(url, token);

beforeAll(async () => {
  t = await createTestApp({ realtime: { typingExpiryMs: TYPING_MS, typingSweepMs: 100 } });
  url = await listen(t);
});
afterAll(async () => {
  sockets.closeAll();
  await t.close();
});

/** Ana, Bruno and Carla in a group, each on a socket, and a way to say one is typing there. */
async function typingGroup() {
  const [ana, bruno, carla] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
  if (!ana || !bruno || !carla) throw new Error('setup');
  const conversation = await conversationOf(t, ana, bruno, carla);
  const [anaSocket, brunoSocket, carlaSocket] = await Promise.all([
    open(ana.accessToken),
    open(bruno.accessToken),
    open(carla.accessToken),
  ]);
  const typing = async (socket: TestClient, isTyping: boolean, conversationId = conversation.id) =>
    socket.emitWithAck('typing', { conversationId, isTyping });
  return { ana, bruno, carla, conversation, anaSocket, brunoSocket, carlaSocket, typing };
}

/** The typing events a socket is pushed, as "who:isTyping" (names by user id). */
function typists(socket: TestClient, names: Record<string, string>) {
  const pushed = record(socket, 'typing');
  const said = () => pushed.seen.map((e) => `${names[e.userId] ?? e.userId}:${e.isTyping}`);
  return {
    said,
    until: (entry: string, count = 1) =>
      pushed.until(`said ${entry} ×${count}`, () => said().filter((s) => s === entry).length >= count),
  };
}

describe('typing', () => {
  it('relays typing to the other members with its expiry, and stops it by itself once', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(t, ana, bruno);
    const [anaSocket, brunoSocket] = await Promise.all([open(ana.accessToken), open(bruno.accessToken)]);
    const seen = record(brunoSocket, 'typing');
    const mine = record(anaSocket, 'typing');
    const typing = (socket: TestClient, isTyping: boolean) =>
      socket.emitWithAck('typing', { conversationId: conversation.id, isTyping });
    const before = Date.now();
    expect((await typing(anaSocket, true)).ok).toBe(true);
    await seen.until('heard Ana start', (s) => s.length >= 1);
    expect(seen.seen).toEqual([
      {
        conversationId: conversation.id,
        userId: ana.user.id,
        isTyping: true,
        expiresAt: expect.any(String) as string,
      },
    ]);
    const first = seen.seen[0];
    const expiresAt = first?.isTyping ? Date.parse(first.expiresAt) : 0;
    expect(expiresAt).toBeGreaterThanOrEqual(before + TYPING_MS - 50);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + TYPING_MS);
    // The sweep ends the mark within about a sweep after it runs out.
    await seen.until('heard Ana stop', (s) => s.length >= 2, TYPING_MS + 5_000);
    expect(seen.seen[1]).toEqual({ conversationId: conversation.id, userId: ana.user.id, isTyping: false });
    // Markers: a second mark runs out, and is swept, after any repeated stop of the first; Bruno's
    // typing reaches Ana after anything of her own would have.
    await typing(anaSocket, true);
    await typing(brunoSocket, true);
    await seen.until('heard Ana stop again', (s) => s.length >= 4, TYPING_MS + 5_000);
    await mine.until('heard Bruno stop', (s) => s.some((e) => !e.isTyping), TYPING_MS + 5_000);
    expect(seen.seen.map((e: TypingEvent) => e.isTyping)).toEqual([true, false, true, false]);
    expect(mine.seen.map((e) => `${e.userId}:${e.isTyping}`)).toEqual([
      `${bruno.user.id}:true`,
      `${bruno.user.id}:false`,
    ]);
  });

  it('sends a stop once, when the typist stops or their socket closes', async () => {
    const { ana, bruno, anaSocket, brunoSocket, carlaSocket, typing } = await typingGroup();
    const toCarla = typists(carlaSocket, { [ana.user.id]: 'ana', [bruno.user.id]: 'bruno' });
    await typing(anaSocket, true);
    await typing(anaSocket, false);
    await typing(anaSocket, false);
    await typing(brunoSocket, true);
    brunoSocket.disconnect();
    await toCarla.until('bruno:false');
    // Marker: a mark set now runs out, and is swept, after Bruno's would have been.
    await typing(anaSocket, true);
    await toCarla.until('ana:false', 2);
    expect(toCarla.said()).toEqual([
      'ana:true',
      'ana:false',
      'bruno:true',
      'bruno:false',
      'ana:true',
      'ana:false',
    ]);
  });

  it('stops relaying typing to and from a member the moment they leave', async () => {
    const { ana, carla, conversation, anaSocket, brunoSocket, carlaSocket, typing } = await typingGroup();
    const toCarla = record(carlaSocket, 'typing');
    const toBruno = typists(brunoSocket, { [ana.user.id]: 'ana', [carla.user.id]: 'carla' });
    await typing(anaSocket, true);
    await typing(anaSocket, false);
    await toCarla.until('heard Ana stop', (s) => s.length >= 2);

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
    // Markers: Ana types in a conversation Carla is still in, and stops in the group for Bruno.
    const elsewhere = await conversationOf(t, ana, carla);
    await typing(anaSocket, true, elsewhere.id);
    await typing(anaSocket, false);
    await toCarla.until('heard Ana elsewhere', (s) => s.some((e) => e.conversationId === elsewhere.id));
    await toBruno.until('ana:false', 2);
    const where = (id: string) => (id === conversation.id ? 'group' : 'elsewhere');
    expect(toCarla.seen.map((e) => `${where(e.conversationId)}:${e.isTyping}`)).toEqual([
      'group:true',
      'group:false',
      'elsewhere:true',
    ]);
    expect(toBruno.said()).toEqual(['ana:true', 'ana:false', 'ana:true', 'ana:false']);
  });

  it('answers typing:get with who else is typing, to members only', async () => {
    const [ana, bruno, intruder] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!ana || !bruno || !intruder) throw new Error('setup');
    const conversation = await conversationOf(t, ana, bruno);
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
