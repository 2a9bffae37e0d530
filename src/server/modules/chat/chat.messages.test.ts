import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertBlock } from '../../../../test/helpers/social.ts';
import type { Message, Receipt } from '../../../contract/chat.ts';
import { messages } from '../../db/schema/index.ts';
import { codeOf, errorPaths, useChatApp } from './chat.testing.ts';

const { t, call, dancers, direct, group, post, say, conversationOf } = useChatApp();

type Page = { data: Message[]; meta: { nextCursor: string | null; hasMore: boolean } };

const rowsWithClientId = (conversationId: string, clientMessageId: string) =>
  t.database.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.clientMessageId, clientMessageId)));

describe('POST /api/v1/conversations/:id/messages', () => {
  it('sends a message numbered 1 and shows it as the last message', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const res = await post(ana, conv.id, '¿Bailamos la próxima tanda? 💃', 'first-try');
    expect(res.statusCode).toBe(201);
    const message = res.json<{ data: Message }>().data;
    expect(message).toMatchObject({
      conversationId: conv.id,
      senderId: ana.user.id,
      seq: 1,
      body: '¿Bailamos la próxima tanda? 💃',
      clientMessageId: 'first-try',
      editedAt: null,
      deletedAt: null,
    });
    expect((await conversationOf(bruno, conv.id)).lastMessage?.id).toBe(message.id);
  });

  it('answers a retry with the same message (200) and stores one row', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const first = await post(ana, conv.id, 'Hola', 'retry-me');
    const again = await post(ana, conv.id, 'Hola', 'retry-me');
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json<{ data: Message }>().data).toEqual(first.json<{ data: Message }>().data);
    expect(await rowsWithClientId(conv.id, 'retry-me')).toHaveLength(1);
  });

  it('makes exactly one message from concurrent retries', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const results = await Promise.all(Array.from({ length: 6 }, () => post(ana, conv.id, 'Hola', 'racy')));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json<{ data: Message }>().data.id)).size).toBe(1);
    expect(await rowsWithClientId(conv.id, 'racy')).toHaveLength(1);
    expect((await say(ana, conv.id)).seq).toBe(2);
  });

  it('numbers concurrent sends 1…n without gaps', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno, carla]);
    const senders = [ana, bruno, carla];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => post(senders[i % 3] ?? ana, conv.id, `Mensaje ${i}`)),
    );
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const seqs = results.map((r) => r.json<{ data: Message }>().data.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it('refuses a direct message across a block (403) but not in a shared group', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    const shared = await group(carla, [ana, bruno]);
    await insertBlock(t.database.db, bruno.user.id, ana.user.id);
    for (const u of [ana, bruno]) {
      const res = await post(u, conv.id, 'Hola');
      expect(res.statusCode).toBe(403);
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    expect((await post(ana, shared.id, 'Hola a todos')).statusCode).toBe(201);
  });

  it('answers 404 to a non-member and for an unknown conversation, 401 without auth', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    expect((await post(carla, conv.id, 'Hola')).statusCode).toBe(404);
    expect((await post(carla, randomUUID(), 'Hola')).statusCode).toBe(404);
    expect((await post(null, conv.id, 'Hola')).statusCode).toBe(401);
  });

  it.each([
    ['a blank body', { clientMessageId: 'a', body: '  \n' }, 'body.body'],
    ['4001 characters', { clientMessageId: 'a', body: '🎶'.repeat(4001) }, 'body.body'],
    ['a bad client id', { clientMessageId: 'no spaces', body: 'Hola' }, 'body.clientMessageId'],
    ['an unknown field', { clientMessageId: 'a', body: 'Hola', seq: 3 }, 'body'],
  ])('refuses %s (400)', async (_name, payload, path) => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const res = await call(ana, 'POST', `/conversations/${conv.id}/messages`, payload);
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res)).toContain(path);
  });
});

describe('GET /api/v1/conversations/:id/messages', () => {
  it('pages history both ways by seq without repeats', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const sent: Message[] = [];
    for (let i = 1; i <= 7; i++) sent.push(await say(i % 2 ? ana : bruno, conv.id, `m${i}`));
    const url = `/conversations/${conv.id}/messages`;

    /** Follows nextCursor from the first page, collecting seqs. */
    async function walk(first: string, next: (cursor: string) => string): Promise<number[]> {
      const seqs: number[] = [];
      let res = await call(bruno, 'GET', first);
      for (;;) {
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<Page>();
        seqs.push(...page.data.map((m) => m.seq));
        if (!page.meta.nextCursor) return seqs;
        res = await call(bruno, 'GET', next(page.meta.nextCursor));
      }
    }

    expect(await walk(`${url}?limit=3`, (c) => `${url}?limit=3&before=${c}`)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const first = sent[0]?.id ?? '';
    expect(await walk(`${url}?limit=2&after=${first}`, (c) => `${url}?limit=2&after=${c}`)).toEqual([
      2, 3, 4, 5, 6, 7,
    ]);
  });

  it('refuses before and after together, or a message of another conversation (400)', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    const other = await direct(ana, carla);
    const m = await say(ana, conv.id);
    const elsewhere = await say(ana, other.id);
    const both = await call(ana, 'GET', `/conversations/${conv.id}/messages?before=${m.id}&after=${m.id}`);
    expect(both.statusCode).toBe(400);
    expect(errorPaths(both)).toEqual(['query.after']);
    const foreign = await call(ana, 'GET', `/conversations/${conv.id}/messages?before=${elsewhere.id}`);
    expect(errorPaths(foreign)).toEqual(['query.before']);
    const bad = await call(ana, 'GET', `/conversations/${conv.id}/messages?after=nope`);
    expect(errorPaths(bad)).toEqual(['query.after']);
  });

  it('answers 404 to a non-member and 401 without auth', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    expect((await call(carla, 'GET', `/conversations/${conv.id}/messages`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `/conversations/${conv.id}/messages`)).statusCode).toBe(401);
  });
});

describe('PATCH and DELETE /api/v1/messages/:id', () => {
  it('lets the author edit, then delete softly (body emptied, seq kept)', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const m = await say(ana, conv.id, 'Hola');
    const edited = await call(ana, 'PATCH', `/messages/${m.id}`, { body: 'Hola, ¿qué tal?' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<{ data: Message }>().data).toMatchObject({ body: 'Hola, ¿qué tal?', seq: 1 });
    expect(edited.json<{ data: Message }>().data.editedAt).not.toBeNull();

    expect((await call(ana, 'DELETE', `/messages/${m.id}`)).statusCode).toBe(204);
    expect((await call(ana, 'DELETE', `/messages/${m.id}`)).statusCode).toBe(204);
    const history = (await call(bruno, 'GET', `/conversations/${conv.id}/messages`)).json<Page>().data;
    expect(history).toEqual([expect.objectContaining({ id: m.id, seq: 1, body: '' })]);
    expect(history[0]?.deletedAt).not.toBeNull();
    expect((await call(ana, 'PATCH', `/messages/${m.id}`, { body: 'Otra vez' })).statusCode).toBe(409);
  });

  it('refuses other members (403), strangers (404), bad input (400) and no auth (401)', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    const m = await say(ana, conv.id);
    expect((await call(bruno, 'PATCH', `/messages/${m.id}`, { body: 'Mío' })).statusCode).toBe(403);
    expect((await call(bruno, 'DELETE', `/messages/${m.id}`)).statusCode).toBe(403);
    expect((await call(carla, 'PATCH', `/messages/${m.id}`, { body: 'Mío' })).statusCode).toBe(404);
    expect((await call(carla, 'DELETE', `/messages/${m.id}`)).statusCode).toBe(404);
    const blank = await call(ana, 'PATCH', `/messages/${m.id}`, { body: '' });
    expect(errorPaths(blank)).toEqual(['body.body']);
    expect(errorPaths(await call(ana, 'DELETE', '/messages/nope'))).toEqual(['params.id']);
    expect((await call(null, 'PATCH', `/messages/${m.id}`, { body: 'x' })).statusCode).toBe(401);
    expect((await call(null, 'DELETE', `/messages/${m.id}`)).statusCode).toBe(401);
  });
});

describe('POST /api/v1/conversations/:id/read', () => {
  it('counts unread from others only and moves the mark forward only', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const m1 = await say(ana, conv.id, 'uno');
    await say(ana, conv.id, 'dos');
    const m3 = await say(ana, conv.id, 'tres');
    expect((await conversationOf(ana, conv.id)).unreadCount).toBe(0);
    expect((await conversationOf(bruno, conv.id)).unreadCount).toBe(3);

    const read = await call(bruno, 'POST', `/conversations/${conv.id}/read`, { messageId: m3.id });
    expect(read.statusCode).toBe(200);
    expect(read.json<{ data: Receipt }>().data).toEqual({
      conversationId: conv.id,
      userId: bruno.user.id,
      readUpToMessageId: m3.id,
      readSeq: 3,
    });
    const back = await call(bruno, 'POST', `/conversations/${conv.id}/read`, { messageId: m1.id });
    expect(back.json<{ data: Receipt }>().data).toMatchObject({ readSeq: 3, readUpToMessageId: m3.id });
    expect((await conversationOf(bruno, conv.id)).unreadCount).toBe(0);

    await say(ana, conv.id, 'cuatro');
    await say(bruno, conv.id, 'respuesta');
    expect((await conversationOf(bruno, conv.id)).unreadCount).toBe(0);
    expect((await conversationOf(ana, conv.id)).unreadCount).toBe(1);
  });

  it('refuses strangers (404), unknown messages (404), bad ids (400), no auth (401)', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    const m = await say(ana, conv.id);
    expect(
      (await call(carla, 'POST', `/conversations/${conv.id}/read`, { messageId: m.id })).statusCode,
    ).toBe(404);
    expect(
      (await call(bruno, 'POST', `/conversations/${conv.id}/read`, { messageId: randomUUID() })).statusCode,
    ).toBe(404);
    const bad = await call(bruno, 'POST', `/conversations/${conv.id}/read`, { messageId: 'nope' });
    expect(errorPaths(bad)).toEqual(['body.messageId']);
    expect((await call(null, 'POST', `/conversations/${conv.id}/read`, { messageId: m.id })).statusCode).toBe(
      401,
    );
  });
});
