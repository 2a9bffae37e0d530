import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message, SyncPayload, SyncResult } from '../../contract/chat.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { acceptMessagesFromEveryone } from '../../../test/factories/users.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { createSockets, listen, type TestClient } from '../../../test/helpers/sockets.ts';

// A client that reconnects learns, through sync, of the edits and deletes it missed.

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

async function api<T>(
  u: RegisteredUser,
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  payload?: object,
) {
  const res = await t.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: bearer(u.accessToken),
    ...(payload === undefined ? {} : { payload }),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? undefined : res.json<{ data: T }>().data;
}

async function say(socket: TestClient, conversationId: string, body: string): Promise<Message> {
  const ack = await socket.emitWithAck('message:send', {
    conversationId,
    clientMessageId: randomUUID(),
    body,
  });
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data;
}

async function sync(socket: TestClient, conversations: SyncPayload['conversations']): Promise<SyncResult> {
  const ack = await socket.emitWithAck('sync', { conversations });
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

async function pair(): Promise<{ ana: RegisteredUser; bruno: RegisteredUser; conversation: Conversation }> {
  const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
  await acceptMessagesFromEveryone(t.database.db, [bruno.user.id]);
  const conversation = await api<Conversation>(ana, 'POST', '/conversations', {
    kind: 'direct',
    memberIds: [bruno.user.id],
  });
  if (!conversation) throw new Error('no conversation');
  return { ana, bruno, conversation };
}

describe('sync after edits and deletes', () => {
  it('replays a message edited and one deleted while away in updated, once', async () => {
    const { ana, bruno, conversation } = await pair();
    const anaSocket = await open(ana.accessToken);
    const edited = await say(anaSocket, conversation.id, 'Nos vemos en La Viruta');
    const deleted = await say(anaSocket, conversation.id, 'a las diez');
    const kept = await say(anaSocket, conversation.id, '¿Vas?');

    let brunoSocket = await open(bruno.accessToken);
    const first = await sync(brunoSocket, [{ conversationId: conversation.id, afterMessageId: null }]);
    expect(first.messages.map((m) => m.id)).toEqual([edited.id, deleted.id, kept.id]);
    const [status] = first.conversations;
    if (!status) throw new Error('no sync status');
    brunoSocket.disconnect();

    await api(ana, 'PATCH', `/messages/${edited.id}`, { body: 'Nos vemos en El Beso' });
    await api(ana, 'DELETE', `/messages/${deleted.id}`);

    brunoSocket = await open(bruno.accessToken);
    const second = await sync(brunoSocket, [
      { conversationId: conversation.id, afterMessageId: kept.id, afterChangeSeq: status.changeSeq },
    ]);
    expect(second.messages).toEqual([]);
    expect(second.updated.map((m) => [m.id, m.body, m.editedAt !== null, m.deletedAt !== null])).toEqual([
      [edited.id, 'Nos vemos en El Beso', true, false],
      [deleted.id, '', false, true],
    ]);
    const [next] = second.conversations;
    expect(next?.changeSeq).toBeGreaterThan(status.changeSeq);

    const third = await sync(brunoSocket, [
      { conversationId: conversation.id, afterMessageId: kept.id, afterChangeSeq: next?.changeSeq ?? 0 },
    ]);
    expect(third.messages).toEqual([]);
    expect(third.updated).toEqual([]);
  });

  it('answers VALIDATION_FAILED for a watermark that is not a non-negative whole number or is ahead', async () => {
    const { ana, conversation } = await pair();
    const socket = await open(ana.accessToken);
    const held = await say(socket, conversation.id, 'Hola');
    for (const afterChangeSeq of [-1, 1.5, '3', null, 99]) {
      const ack = await socket.emitWithAck('sync', {
        conversations: [{ conversationId: conversation.id, afterMessageId: held.id, afterChangeSeq }],
      } as SyncPayload);
      expect(ack.ok ? 'ok' : ack.error.code, String(afterChangeSeq)).toBe('VALIDATION_FAILED');
      if (!ack.ok) expect(ack.error.message).toMatch(/^conversations\.0\.afterChangeSeq: /);
    }
  });

  it('answers NOT_FOUND for a conversation the user is not in, watermark or not', async () => {
    const { conversation } = await pair();
    const carla = await registerUser(t.app);
    const socket = await open(carla.accessToken);
    for (const entry of [
      { conversationId: conversation.id, afterMessageId: null },
      { conversationId: conversation.id, afterMessageId: null, afterChangeSeq: 0 },
    ]) {
      const ack = await socket.emitWithAck('sync', { conversations: [entry] });
      expect(ack.ok ? 'ok' : ack.error.code).toBe('NOT_FOUND');
    }
  });
});
