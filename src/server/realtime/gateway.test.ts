import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ack } from '../../contract/chat.ts';
import { createManualClock, createTestApp, testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser } from '../../../test/helpers/auth.ts';
import { shareMemory } from '../../../test/helpers/social.ts';
import { createSockets, listen, record, type TestClient } from '../../../test/helpers/sockets.ts';
import { createAccessTokens } from '../modules/auth/access-tokens.service.ts';
import { EVENT_LIMIT } from './gateway.connection.ts';
import { arrived, conversationOf, inbox, sent } from './gateway.testing.ts';

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
    const { burst, perSecond } = EVENT_LIMIT;
    const answers = await codes(flooding, burst + 10);
    // The allowance refills while the burst is under way: a token or two may come back.
    const served = answers.filter((c) => c === 'NOT_FOUND').length;
    expect(served).toBeGreaterThanOrEqual(burst);
    expect(served).toBeLessThanOrEqual(burst + 2);
    expect(answers.filter((c) => c === 'RATE_LIMITED')).toHaveLength(burst + 10 - served);
    expect(await codes(other, 1)).toEqual(['NOT_FOUND']);
    // Served again once a token has come back (a refused event spends none), about 1/perSecond later.
    await vi.waitFor(async () => expect(await codes(flooding, 1)).toEqual(['NOT_FOUND']), {
      timeout: 5_000,
      interval: 1_000 / perSecond,
    });
    expect(flooding.connected).toBe(true);
  });
});

describe('sync', () => {
  it('replays exactly what was missed while disconnected, in order', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const conversation = await conversationOf(t, ana, bruno);
    const anaSocket = await open(ana.accessToken);
    let brunoSocket = await open(bruno.accessToken);
    const seen = inbox(brunoSocket);
    await sent(anaSocket, conversation.id, 'uno');
    await arrived(seen, 'uno');
    const last = seen.seen.at(-1);
    if (!last) throw new Error('nothing delivered');
    brunoSocket.disconnect();
    const missed: string[] = [];
    for (const body of ['dos', 'tres', 'cuatro'])
      missed.push((await sent(anaSocket, conversation.id, body)).id);
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
    const got = record(socket, 'notification:new');
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${bruno.username}/follow`,
      headers: bearer(ana.accessToken),
    });
    await got.until('pushed the follow', (s) => s.length >= 1);
    expect(got.seen.map((n) => `${n.type}:${n.actors[0]?.id ?? ''}`)).toEqual([`follow:${ana.user.id}`]);
  });

  it('pushes entity:changed for a watched memory when it gets a comment', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const memory = await shareMemory(t.app, ana, { body: 'Milonga de anoche' });
    const socket = await open(bruno.accessToken);
    const changes = record(socket, 'entity:changed');
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
    const types = () => changes.seen.map((e) => e.type).sort();
    await changes.until('pushed the comment and the memory', (s) => s.length >= 2);
    expect(types()).toEqual(['comment', 'memory']);
  });

  it('pushes entity:changed for the comment alone when a comment is liked', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const memory = await shareMemory(t.app, ana, { body: 'Tanda de Di Sarli' });
    const comment = await t.app.inject({
      method: 'POST',
      url: `/api/v1/memories/${memory.id}/comments`,
      headers: bearer(ana.accessToken),
      payload: { body: 'Gracias por la tanda' },
    });
    const commentId = comment.json<{ data: { id: string } }>().data.id;
    const socket = await open(ana.accessToken);
    expect((await socket.emitWithAck('watch', { type: 'memory', id: memory.id })).ok).toBe(true);
    const changes = record(socket, 'entity:changed');
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/comments/${commentId}/reactions/like`,
      headers: bearer(bruno.accessToken),
    });
    // The memory's own reaction is the marker: a memory push for the comment's like would come before it.
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/memories/${memory.id}/reactions/like`,
      headers: bearer(bruno.accessToken),
    });
    await changes.until('pushed the memory reaction', (s) => s.some((e) => e.type === 'memory'));
    expect(changes.seen.map((e) => `${e.type}:${e.id}`)).toEqual([
      `comment:${commentId}`,
      `memory:${memory.id}`,
    ]);
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
