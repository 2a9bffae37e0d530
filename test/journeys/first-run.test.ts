import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, Message } from '../../src/contract/chat.ts';
import type { TestClient } from '../helpers/sockets.ts';
import { createProcesses, freePort, stop, waitUntilHealthy } from '../helpers/server-process.ts';

// What only a first run does: `npm start` on a brand-new data dir creates and migrates the embedded
// database in the same process that then serves. Every other test clones an already-migrated database,
// so none of them would see a write that fails only here (citext[] parameters did, until a restart).

const processes = createProcesses();
afterAll(() => processes.cleanup());

interface Answer {
  status: number;
  body: { data?: unknown; error?: { code: string; message: string } } & Record<string, unknown>;
}

/** A dancer talking to the server over HTTP as an outside client would: bearer token, JSON bodies. */
function dancer(base: string) {
  let token = '';
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
  };
  return {
    call,
    get token() {
      return token;
    },
    async register(username: string) {
      const res = await call('POST', '/auth/register', {
        username,
        email: `${username}@example.org`,
        password: `milonga-${username}-Pass`,
        displayName: `Dancer ${username}`,
        city: 'Buenos Aires',
        country: 'AR',
        roles: ['dancer'],
        refreshIn: 'body',
      });
      token = (res.body.data as { accessToken: string }).accessToken;
      return res;
    },
  };
}

const data = <T>(answer: Answer) => answer.body.data as T;

function emitWithAck<T>(socket: TestClient, event: 'message:send', payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} in 10 s`)), 10_000);
    (socket.emit as (e: string, p: unknown, ack: (r: Ack<T>) => void) => void)(event, payload, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}

describe('the first run on a brand-new data dir', () => {
  it('takes every write once, logs no error, and reads it all back after a restart', async () => {
    const dataDir = processes.makeDataDir();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      RATE_LIMIT_FACTOR: '100',
    };
    const first = processes.startServer(env);
    await waitUntilHealthy(first, port);

    const suffix = Date.now().toString(36);
    const ana = dancer(base);
    const beto = dancer(base);
    expect((await ana.register(`ana_${suffix}`)).status).toBe(201);
    expect((await beto.register(`beto_${suffix}`)).status).toBe(201);

    expect((await ana.call('PATCH', '/me', { bio: 'Milonguera de Almagro', languages: ['es'] })).status).toBe(
      200,
    );
    expect((await ana.call('PUT', `/users/beto_${suffix}/follow`)).status).toBe(204);
    expect((await beto.call('PUT', `/users/ana_${suffix}/follow`)).status).toBe(204);

    const created = await ana.call('POST', '/memories', {
      body: `Anoche en El Beso con @beto_${suffix} #cabeceo #milonga`,
      visibility: 'public',
      city: 'Buenos Aires',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const memory = data<{ id: string; tags: string[]; mentions: { username: string }[] }>(created);
    expect(memory.tags).toEqual(['cabeceo', 'milonga']);
    expect(memory.mentions.map((m) => m.username)).toEqual([`beto_${suffix}`]);

    const edited = await ana.call('PATCH', `/memories/${memory.id}`, {
      body: `Anoche en El Beso con @beto_${suffix} #cabeceo #tanda`,
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);

    const comment = await beto.call('POST', `/memories/${memory.id}/comments`, { body: '¡Qué noche!' });
    expect(comment.status).toBe(201);
    const commentId = data<{ id: string }>(comment).id;
    const reply = await ana.call('POST', `/memories/${memory.id}/comments`, {
      body: `Gracias @beto_${suffix}`,
      parentId: commentId,
    });
    expect(reply.status).toBe(201);
    expect((await ana.call('PUT', `/comments/${commentId}/reactions/like`)).status).toBeLessThan(300);
    expect((await beto.call('PUT', `/memories/${memory.id}/reactions/abrazo`)).status).toBe(200);
    expect((await beto.call('PUT', `/memories/${memory.id}/bookmark`)).status).toBe(204);

    const request = await beto.call('POST', `/users/ana_${suffix}/friend-request`, {
      danced: true,
      where: 'El Beso',
    });
    expect(request.status, JSON.stringify(request.body)).toBeLessThan(300);
    const requestId = data<{ id: string }>(request).id;
    expect((await ana.call('POST', `/friend-requests/${requestId}/accept`)).status).toBeLessThan(300);

    const betoId = data<{ id: string }>(await beto.call('GET', '/me')).id;
    const conversation = await ana.call('POST', '/conversations', { kind: 'direct', memberIds: [betoId] });
    expect(conversation.status, JSON.stringify(conversation.body)).toBe(201);
    const conversationId = data<{ id: string }>(conversation).id;

    const socket: TestClient = connect(base, {
      auth: { token: ana.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const sent = await emitWithAck<Message>(socket, 'message:send', {
      conversationId,
      clientMessageId: `first-run-${suffix}`,
      body: '¿Bailamos la próxima tanda?',
    });
    socket.disconnect();
    expect(sent).toMatchObject({ ok: true, data: { conversationId, body: '¿Bailamos la próxima tanda?' } });

    const report = await beto.call('POST', '/reports', {
      targetType: 'comment',
      targetId: data<{ id: string }>(reply).id,
      reason: 'spam',
    });
    expect(report.status).toBe(201);

    expect(await stop(first)).toEqual({ code: 0, signal: null });
    const errorLines = first.logs().filter((l) => l.level >= 50);
    expect(errorLines, JSON.stringify(errorLines)).toEqual([]);

    const second = processes.startServer(env);
    await waitUntilHealthy(second, port);

    const again = data<{
      body: string;
      tags: string[];
      mentions: { username: string }[];
      reactionCounts: Record<string, number>;
      commentCount: number;
      editedAt: string | null;
    }>(await beto.call('GET', `/memories/${memory.id}`));
    expect(again).toMatchObject({
      body: `Anoche en El Beso con @beto_${suffix} #cabeceo #tanda`,
      tags: ['cabeceo', 'tanda'],
      mentions: [{ username: `beto_${suffix}` }],
      reactionCounts: { abrazo: 1 },
      commentCount: 2,
    });
    expect(again.editedAt).not.toBeNull();
    const comments = data<{ id: string; replies?: unknown[] }[]>(
      await ana.call('GET', `/memories/${memory.id}/comments`),
    );
    expect(comments.map((c) => c.id)).toContain(commentId);
    const bookmarks = data<{ id: string }[]>(await beto.call('GET', '/me/bookmarks'));
    expect(bookmarks.map((m) => m.id)).toEqual([memory.id]);
    const friends = data<{ username: string }[]>(await ana.call('GET', `/users/ana_${suffix}/friends`));
    expect(friends.map((f) => f.username)).toEqual([`beto_${suffix}`]);
    const me = data<{ bio: string }>(await ana.call('GET', '/me'));
    expect(me.bio).toBe('Milonguera de Almagro');
    const messages = data<{ body: string }[]>(
      await beto.call('GET', `/conversations/${conversationId}/messages`),
    );
    expect(messages.map((m) => m.body)).toEqual(['¿Bailamos la próxima tanda?']);
    const notifications = data<{ type: string }[]>(await ana.call('GET', '/notifications'));
    expect(notifications.length).toBeGreaterThan(0);
    const tagged = data<{ id: string }[]>(await beto.call('GET', '/tags/tanda/memories'));
    expect(tagged.map((m) => m.id)).toEqual([memory.id]);

    expect(await stop(second)).toEqual({ code: 0, signal: null });
    expect(second.logs().filter((l) => l.level >= 50)).toEqual([]);
  }, 180_000);
});
