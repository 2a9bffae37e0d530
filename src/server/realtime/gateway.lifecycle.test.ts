import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../contract/chat.ts';
import { createManualClock, createTestApp, testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { acceptMessagesFromEveryone } from '../../../test/factories/users.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { createSockets, listen, record, within } from '../../../test/helpers/sockets.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { insertFriendship } from '../../../test/helpers/social.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { ACCESS_TOKEN_TTL_SECONDS, createAccessTokens } from '../modules/auth/access-tokens.service.ts';

const sockets = createSockets();
const open = (base: string, token: string) => sockets.open(base, token);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  sockets.closeAll();
  for (const f of cleanups.reverse()) await f();
});

async function direct(t: TestApp, a: RegisteredUser, b: RegisteredUser): Promise<Conversation> {
  await acceptMessagesFromEveryone(t.database.db, [b.user.id]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: bearer(a.accessToken),
    payload: { kind: 'direct', memberIds: [b.user.id] },
  });
  return res.json<{ data: Conversation }>().data;
}

describe('a server restart', () => {
  it('loses nothing that was acknowledged: sync on the new process replays it', async () => {
    const database: DatabaseHandle = await createTestDatabase();
    cleanups.push(() => database.close());
    const first = await createTestApp({ database });
    const firstUrl = await listen(first);
    const [ana, bruno] = await Promise.all([registerUser(first.app), registerUser(first.app)]);
    const conversation = await direct(first, ana, bruno);
    const anaSocket = await open(firstUrl, ana.accessToken);
    const acked: string[] = [];
    for (const body of ['uno', 'dos', 'tres']) {
      const ack = await anaSocket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientMessageId: randomUUID(),
        body,
      });
      if (ack.ok) acked.push(ack.data.id);
    }
    await first.app.close();

    const second = await createTestApp({ database });
    cleanups.push(() => second.app.close());
    const brunoSocket = await open(await listen(second), bruno.accessToken);
    const replay = await brunoSocket.emitWithAck('sync', {
      conversations: [{ conversationId: conversation.id, afterMessageId: null }],
    });
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.data.messages.map((m) => m.id)).toEqual(acked);
  });
});

describe('token expiry on a live socket', () => {
  it('warns, then disconnects when the token runs out without a refresh', async () => {
    const t = await createTestApp();
    cleanups.push(() => t.close());
    const url = await listen(t);
    const ana = await registerUser(t.app);
    // Signed so that it expires 1.5 s from now.
    const clock = createManualClock(new Date(Date.now() - ACCESS_TOKEN_TTL_SECONDS * 1000 + 1_500));
    const { token } = await createAccessTokens(testConfig.jwtSecret, clock).sign({
      userId: ana.user.id,
      sessionId: randomUUID(),
    });
    // Listeners first: the warning comes as soon as the socket connects.
    const socket = sockets.client(url, token);
    const seen: string[] = [];
    socket.on('auth:expiring', () => seen.push('expiring'));
    socket.on('auth:expired', () => seen.push('expired'));
    const disconnected = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));
    await expect(within(5_000, disconnected, 'the disconnect')).resolves.toBeUndefined();
    expect(seen).toEqual(['expiring', 'expired']);
  });

  it('stays connected after auth:refresh with a fresh token of the same user', async () => {
    const t = await createTestApp();
    cleanups.push(() => t.close());
    const url = await listen(t);
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    // Tokens expiring 1.5 s from now, and (the marker) a little later.
    const expiringIn = (ms: number) =>
      createAccessTokens(
        testConfig.jwtSecret,
        createManualClock(new Date(Date.now() - ACCESS_TOKEN_TTL_SECONDS * 1000 + ms)),
      ).sign({ userId: ana.user.id, sessionId: randomUUID() });
    const socket = await open(url, (await expiringIn(1_500)).token);
    const unrefreshed = await open(url, (await expiringIn(2_000)).token);
    const someoneElse = await socket.emitWithAck('auth:refresh', { token: bruno.accessToken });
    expect(someoneElse.ok).toBe(false);
    const ack = await socket.emitWithAck('auth:refresh', { token: ana.accessToken });
    expect(ack.ok).toBe(true);
    // The socket that did not refresh is dropped once its later token runs out: by then the
    // refreshed one would have been too.
    const dropped = new Promise<void>((resolve) => unrefreshed.on('disconnect', () => resolve()));
    await within(5_000, dropped, 'the unrefreshed socket dropped');
    expect(socket.connected).toBe(true);
  });
});

describe('per-user send limit', () => {
  it("is shared by all the sender's sockets and the HTTP route, which answers 429 once it is spent", async () => {
    // 5 at once and then almost nothing, so the test never sees a refill.
    const t = await createTestApp({ realtime: { sendLimit: { burst: 5, perSecond: 0.1 } } });
    cleanups.push(() => t.close());
    const url = await listen(t);
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await direct(t, ana, bruno);
    const [tab1, tab2] = [await open(url, ana.accessToken), await open(url, ana.accessToken)];
    const acks = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? tab2 : tab1).emitWithAck('message:send', {
          conversationId: conversation.id,
          clientMessageId: `burst-${i}`,
          body: `mensaje ${i}`,
        }),
      ),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(5);
    for (const ack of acks.filter((a) => !a.ok)) {
      expect(ack).toEqual({
        ok: false,
        error: { code: 'RATE_LIMITED', message: expect.any(String) as string },
      });
    }
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: bearer(ana.accessToken),
      payload: { clientMessageId: 'over-http', body: 'Y por HTTP' },
    });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.any(String) as string,
        requestId: res.headers['x-request-id'],
      },
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Bruno's allowance is his own.
    const brunoSends = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: bearer(bruno.accessToken),
      payload: { clientMessageId: 'bruno-1', body: 'Hola' },
    });
    expect(brunoSends.statusCode).toBe(201);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe.skipIf(!redisUrl)('two instances over Redis (needs TEST_REDIS_URL; .ci/run sets it)', () => {
  it('carries messages and receipts between instances, and B keeps working when A stops', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const redisPrefix = `abrazo-two-${randomBytes(4).toString('hex')}`;
    const a = await createTestApp({ database, redisPrefix });
    const b = await createTestApp({ database, redisPrefix });
    cleanups.push(() => b.app.close());
    const [urlA, urlB] = [await listen(a), await listen(b)];
    const [ana, bruno] = await Promise.all([registerUser(a.app), registerUser(a.app)]);
    await insertFriendship(database.db, ana.user.id, bruno.user.id);
    const conversation = await direct(a, ana, bruno);
    const anaSocket = await open(urlA, ana.accessToken);
    const brunoSocket = await open(urlB, bruno.accessToken);
    // Presence is read from the rooms of every instance: ana is on A, bruno asks B.
    expect(await brunoSocket.emitWithAck('presence:get', { userIds: [ana.user.id] })).toEqual({
      ok: true,
      data: { presence: [{ userId: ana.user.id, online: true, lastSeenAt: null }] },
    });
    brunoSocket.on('message:new', (m) => {
      brunoSocket.emit('message:received', { received: [{ conversationId: m.conversationId, seq: m.seq }] });
    });
    const got = record(brunoSocket, 'message:new');
    const receipts = record(anaSocket, 'message:receipt');
    // Confirmed on B, written there, told to ana on A.
    const delivered = record(anaSocket, 'message:delivered');
    const sent = await anaSocket.emitWithAck('message:send', {
      conversationId: conversation.id,
      clientMessageId: randomUUID(),
      body: 'Desde A',
    });
    if (!sent.ok) throw new Error(sent.error.message);
    await got.until('got it on B', (s) => s.length >= 1);
    expect(got.seen.map((m) => m.id)).toEqual([sent.data.id]);
    await delivered.until('told A of the delivery', (s) => s.length >= 1);
    expect(delivered.seen).toEqual([
      { conversationId: conversation.id, deliveries: [{ userId: bruno.user.id, deliveredSeq: 1 }] },
    ]);
    await brunoSocket.emitWithAck('message:read', {
      conversationId: conversation.id,
      messageId: sent.data.id,
    });
    await receipts.until('told A of the read mark', (s) => s.length >= 1);
    expect(receipts.seen.map((r) => r.readSeq)).toEqual([1]);

    await a.app.close();
    const after = await brunoSocket.emitWithAck('message:send', {
      conversationId: conversation.id,
      clientMessageId: randomUUID(),
      body: 'B sigue aquí',
    });
    expect(after.ok).toBe(true);
    expect(brunoSocket.connected).toBe(true);
    const gone = await brunoSocket.emitWithAck('presence:get', { userIds: [ana.user.id] });
    expect(gone.ok && gone.data.presence[0]?.online).toBe(false);
  }, 20_000);

  it('ends a typing mark once, from B, even after A (where the typist was) has stopped', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const redisPrefix = `abrazo-two-${randomBytes(4).toString('hex')}`;
    const realtime = { typingExpiryMs: 800, typingSweepMs: 100 };
    const a = await createTestApp({ database, redisPrefix, realtime });
    const b = await createTestApp({ database, redisPrefix, realtime });
    cleanups.push(() => b.app.close());
    const [urlA, urlB] = [await listen(a), await listen(b)];
    const [ana, bruno] = await Promise.all([registerUser(a.app), registerUser(a.app)]);
    const conversation = await direct(a, ana, bruno);
    const anaSocket = await open(urlA, ana.accessToken);
    const brunoSocket = await open(urlB, bruno.accessToken);
    const heard = record(brunoSocket, 'typing');
    const seen = () => heard.seen.map((e) => e.isTyping);
    const typing = { conversationId: conversation.id, isTyping: true };
    const heardStops = (n: number) =>
      heard.until(`heard ${n} stops`, (s) => s.filter((e) => !e.isTyping).length >= n);

    // Both instances sweep; the stop still comes once (the later events show no second one).
    await anaSocket.emitWithAck('typing', typing);
    await heardStops(1);

    // B's client, asking B, sees a mark made on A; then A goes away before the mark runs out.
    await anaSocket.emitWithAck('typing', typing);
    const listed = await brunoSocket.emitWithAck('typing:get', { conversationId: conversation.id });
    expect(listed.ok && listed.data.typing.map((x) => x.userId)).toEqual([ana.user.id]);
    await a.app.close();
    await heardStops(2);
    // Marker: Ana types again, now on B.
    const anaOnB = await open(urlB, ana.accessToken);
    await anaOnB.emitWithAck('typing', typing);
    await heard.until('heard the marker', (s) => s.length >= 5);
    expect(seen()).toEqual([true, false, true, false, true]);
  }, 20_000);
});
