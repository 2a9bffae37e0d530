import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../contract/chat.ts';
import { createManualClock, createTestApp, testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { createSockets, listen, settle } from '../../../test/helpers/sockets.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { friendships } from '../db/schema/index.ts';
import { ACCESS_TOKEN_TTL_SECONDS, createAccessTokens } from '../modules/auth/tokens.ts';

const sockets = createSockets();
const open = (base: string, token: string) => sockets.open(base, token);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  sockets.closeAll();
  for (const f of cleanups.reverse()) await f();
});

async function direct(t: TestApp, a: RegisteredUser, b: RegisteredUser): Promise<Conversation> {
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
    socket.on('disconnect', () => seen.push('disconnect'));
    await settle(3_000);
    expect(seen).toEqual(['expiring', 'expired', 'disconnect']);
  });

  it('stays connected after auth:refresh with a fresh token of the same user', async () => {
    const t = await createTestApp();
    cleanups.push(() => t.close());
    const url = await listen(t);
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const clock = createManualClock(new Date(Date.now() - ACCESS_TOKEN_TTL_SECONDS * 1000 + 1_500));
    const { token } = await createAccessTokens(testConfig.jwtSecret, clock).sign({
      userId: ana.user.id,
      sessionId: randomUUID(),
    });
    const socket = await open(url, token);
    const someoneElse = await socket.emitWithAck('auth:refresh', { token: bruno.accessToken });
    expect(someoneElse.ok).toBe(false);
    const ack = await socket.emitWithAck('auth:refresh', { token: ana.accessToken });
    expect(ack.ok).toBe(true);
    await settle(2_500);
    expect(socket.connected).toBe(true);
  });
});

describe('per-socket send limit', () => {
  it('answers RATE_LIMITED past the burst', async () => {
    const t = await createTestApp();
    cleanups.push(() => t.close());
    const url = await listen(t);
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await direct(t, ana, bruno);
    const socket = await open(url, ana.accessToken);
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        socket.emitWithAck('message:send', {
          conversationId: conversation.id,
          clientMessageId: `burst-${i}`,
          body: `mensaje ${i}`,
        }),
      ),
    );
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(20);
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
    const [low, high] = [ana.user.id, bruno.user.id].sort() as [string, string];
    await database.db.insert(friendships).values({ userLowId: low, userHighId: high });
    const conversation = await direct(a, ana, bruno);
    const anaSocket = await open(urlA, ana.accessToken);
    const brunoSocket = await open(urlB, bruno.accessToken);
    // Presence is read from the rooms of every instance: ana is on A, bruno asks B.
    expect(await brunoSocket.emitWithAck('presence:get', { userIds: [ana.user.id] })).toEqual({
      ok: true,
      data: { presence: [{ userId: ana.user.id, online: true, lastSeenAt: null }] },
    });
    const got: Message[] = [];
    brunoSocket.on('message:new', (m, ack) => {
      got.push(m);
      ack(true);
    });
    const receipts: number[] = [];
    anaSocket.on('message:receipt', (r) => receipts.push(r.readSeq));
    const sent = await anaSocket.emitWithAck('message:send', {
      conversationId: conversation.id,
      clientMessageId: randomUUID(),
      body: 'Desde A',
    });
    if (!sent.ok) throw new Error(sent.error.message);
    await settle(500);
    expect(got.map((m) => m.id)).toEqual([sent.data.id]);
    await brunoSocket.emitWithAck('message:read', {
      conversationId: conversation.id,
      messageId: sent.data.id,
    });
    await settle(500);
    expect(receipts).toEqual([1]);

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
});
