import { randomUUID } from 'node:crypto';
import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Ack, Conversation, Message } from '../../contract/chat.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUsers, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { insertFollow } from '../../../test/helpers/social.ts';
import { createSockets, listen } from '../../../test/helpers/sockets.ts';
import { AppError } from '../lib/errors.ts';
import { handleEvent } from './socket-handler.ts';

/** Runs one event through handleEvent and resolves with its ack. */
function answer<T>(
  run: (payload: { name: string; tags?: string[] }) => Promise<T>,
  payload: unknown,
): Promise<Ack<T>> {
  const schema = z.object({ name: z.string(), tags: z.array(z.string()).optional() });
  const handler = handleEvent(schema, run, { error: () => undefined });
  return new Promise((resolve) => handler(undefined, payload, resolve));
}

describe('handleEvent', () => {
  it('refuses a NUL anywhere in the payload with VALIDATION_FAILED naming the field, without running the handler', async () => {
    const run = vi.fn(() => Promise.resolve('ran'));
    expect(await answer(run, { name: 'ok', tags: ['vals', 'mi\u0000longa'] })).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'tags.1: Must not contain NUL characters' },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses a lone surrogate with VALIDATION_FAILED, and a bare string payload as "payload"', async () => {
    const run = vi.fn(() => Promise.resolve('ran'));
    expect(await answer(run, { name: 'a\ud800b' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'name: Must be valid Unicode (no lone surrogates)' },
    });
    expect(await answer(run, '\u0000')).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: 'payload: Must not contain NUL characters' },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('passes well-formed text, emoji included, to the handler', async () => {
    expect(await answer((p) => Promise.resolve(p.name), { name: '💃 milonga' })).toEqual({
      ok: true,
      data: '💃 milonga',
    });
  });

  it('answers UNAVAILABLE when the database cannot be reached, INTERNAL for any other failure', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = new DrizzleQueryError('select 1', [], refused);
    expect(await answer(() => Promise.reject(wrapped), { name: 'x' })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The service is temporarily unavailable.' },
    });
    expect(await answer(() => Promise.reject(new Error('a bug')), { name: 'x' })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong on our side.' },
    });
    expect(await answer(() => Promise.reject(new AppError('FORBIDDEN')), { name: 'x' })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('unstorable text over a real socket', () => {
  let t: TestApp;
  let url = '';
  const sockets = createSockets();
  let ana: RegisteredUser;
  let bruno: RegisteredUser;
  let conversation: Conversation;

  beforeAll(async () => {
    t = await createTestApp();
    url = await listen(t);
    [ana, bruno] = await registerUsers(t.app, 2);
    // Bruno accepts messages from people he follows (the default setting).
    await insertFollow(t.database.db, bruno.user.id, ana.user.id);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: bearer(ana.accessToken),
      payload: { kind: 'direct', memberIds: [bruno.user.id] },
    });
    if (res.statusCode !== 201) throw new Error(`create conversation: ${res.statusCode} ${res.body}`);
    conversation = res.json<{ data: Conversation }>().data;
  });
  afterAll(async () => {
    sockets.closeAll();
    await t.close();
  });

  async function storedBodies(): Promise<string[]> {
    const res = await t.app.inject({
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: bearer(ana.accessToken),
    });
    return res.json<{ data: Message[] }>().data.map((m) => m.body);
  }

  it('refuses message:send with a NUL in the body as VALIDATION_FAILED naming body, and stores nothing', async () => {
    const socket = await sockets.open(url, ana.accessToken);
    const ack = await socket.emitWithAck('message:send', {
      conversationId: conversation.id,
      clientMessageId: randomUUID(),
      body: 'abrazo\u0000',
    });
    expect(ack).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'body: Must not contain NUL characters' },
    });
    expect(await storedBodies()).toEqual([]);
  });

  it('refuses message:send with a lone surrogate instead of storing U+FFFD, and stores nothing', async () => {
    const socket = await sockets.open(url, ana.accessToken);
    const ack = await socket.emitWithAck('message:send', {
      conversationId: conversation.id,
      clientMessageId: randomUUID(),
      body: 'tango \ud83d',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(ack.ok ? '' : ack.error.message).toMatch(/^body: /);
    expect(await storedBodies()).toEqual([]);
  });

  it('refuses auth:refresh with a NUL in the token the same way, before any verification', async () => {
    const socket = await sockets.open(url, ana.accessToken);
    expect(await socket.emitWithAck('auth:refresh', { token: 'a\u0000b' })).toEqual({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'token: Must not contain NUL characters' },
    });
  });

  it('stores and echoes a message with emoji exactly as sent', async () => {
    const socket = await sockets.open(url, ana.accessToken);
    const ack = await socket.emitWithAck('message:send', {
      conversationId: conversation.id,
      clientMessageId: randomUUID(),
      body: 'abrazo 💃🕺',
    });
    expect(ack).toMatchObject({ ok: true, data: { body: 'abrazo 💃🕺' } });
    expect(await storedBodies()).toEqual(['abrazo 💃🕺']);
  });
});
