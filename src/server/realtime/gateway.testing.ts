import { randomUUID } from 'node:crypto';
import type { Conversation, Message } from '../../contract/chat.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { acceptMessagesFromEveryone } from '../../../test/factories/users.ts';
import { bearer, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { record, type Recording, type TestClient } from '../../../test/helpers/sockets.ts';

// Shared by the gateway tests: conversations made over HTTP, sends and inboxes over sockets.

/** A conversation started by `a`; the others accept messages from everyone, as strangers here. */
export async function conversationOf(
  t: TestApp,
  a: RegisteredUser,
  ...others: RegisteredUser[]
): Promise<Conversation> {
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

export function send(
  socket: TestClient,
  conversationId: string,
  body: string,
  clientMessageId = randomUUID(),
) {
  return socket.emitWithAck('message:send', { conversationId, clientMessageId, body });
}

/** Sends and fails the test unless the ack says it was stored. */
export async function sent(socket: TestClient, conversationId: string, body: string): Promise<Message> {
  const ack = await send(socket, conversationId, body);
  if (!ack.ok) throw new Error(`send "${body}": ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Records message:new on a socket, confirming each one with message:received as a client does. */
export function inbox(socket: TestClient): Recording<Message> {
  socket.on('message:new', (m) => {
    socket.emit('message:received', { received: [{ conversationId: m.conversationId, seq: m.seq }] });
  });
  return record(socket, 'message:new');
}

/** Waits until the inbox holds a message with this body. */
export const arrived = (box: Recording<Message>, body: string) =>
  box.until(`got "${body}"`, (seen) => seen.some((m) => m.body === body));
