import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { RegisteredUser } from '../../../../test/helpers/auth.ts';
import type { Message, SyncPayload, SyncResult } from '../../../contract/chat.ts';
import type { Actor } from '../../lib/authz.ts';
import { systemClock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { createEventBus } from '../../lib/events.ts';
import { unlimitedSends } from './chat.allowance.ts';
import { createChatService } from './chat.service.ts';
import { SYNC_MAX_PER_CONVERSATION, SYNC_MAX_UPDATES_PER_CONVERSATION } from './chat.sync.ts';
import { useChatApp } from './chat.testing.ts';

const { t, call, dancers, direct, say } = useChatApp();

const actorOf = (u: RegisteredUser): Actor => ({ userId: u.user.id, sessionId: randomUUID() });
const chat = () =>
  createChatService({
    db: t.database.db,
    events: createEventBus(),
    clock: systemClock,
    sends: unlimitedSends,
  });
const sync = (u: RegisteredUser, conversations: SyncPayload['conversations']) =>
  chat().sync(actorOf(u), { conversations });

async function edit(u: RegisteredUser, m: Message, body: string): Promise<Message> {
  const res = await call(u, 'PATCH', `/messages/${m.id}`, { body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: Message }>().data;
}

async function remove(u: RegisteredUser, m: Message): Promise<void> {
  const res = await call(u, 'DELETE', `/messages/${m.id}`);
  expect(res.statusCode, res.body).toBe(204);
}

function changeSeqOf(result: SyncResult, conversationId: string): number {
  const status = result.conversations.find((c) => c.conversationId === conversationId);
  if (!status) throw new Error(`no sync status for ${conversationId}`);
  return status.changeSeq;
}

async function errorOf(p: Promise<unknown>): Promise<AppError | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

describe('sync replays edits and deletes', () => {
  it('returns held messages edited or deleted since the watermark, once, and new ones as they are now', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const uno = await say(bruno, conv.id, 'uno');
    const dos = await say(bruno, conv.id, 'dos');
    const kept = await say(bruno, conv.id, 'tres');
    const first = await sync(ana, [{ conversationId: conv.id, afterMessageId: null }]);
    expect(first.messages.map((m) => m.id)).toEqual([uno.id, dos.id, kept.id]);
    expect(first.updated).toEqual([]);

    // Ana is away: Bruno deletes one, edits another, then sends and edits a new one.
    await remove(bruno, dos);
    const edited = await edit(bruno, uno, 'uno, corregido');
    const cuatro = await edit(bruno, await say(bruno, conv.id, 'cuatro'), 'cuatro, corregido');

    const second = await sync(ana, [
      { conversationId: conv.id, afterMessageId: kept.id, afterChangeSeq: changeSeqOf(first, conv.id) },
    ]);
    expect(second.messages).toEqual([cuatro]);
    expect(second.updated).toEqual([edited, { ...dos, body: '', deletedAt: expect.any(String) as string }]);
    expect(edited.editedAt).not.toBeNull();
    expect(second.conversations).toEqual([
      {
        conversationId: conv.id,
        changeSeq: changeSeqOf(first, conv.id) + 3,
        hasMoreMessages: false,
        hasMoreUpdates: false,
      },
    ]);

    const third = await sync(ana, [
      { conversationId: conv.id, afterMessageId: cuatro.id, afterChangeSeq: changeSeqOf(second, conv.id) },
    ]);
    expect(third).toEqual({ messages: [], updated: [], conversations: second.conversations });
  });

  it('replays nothing changed without a watermark, as before, and tells the current one', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const held = await say(bruno, conv.id, 'uno');
    await edit(bruno, held, 'uno, corregido');
    const result = await sync(ana, [{ conversationId: conv.id, afterMessageId: held.id }]);
    expect(result).toEqual({
      messages: [],
      updated: [],
      conversations: [
        { conversationId: conv.id, changeSeq: 1, hasMoreMessages: false, hasMoreUpdates: false },
      ],
    });
  });

  it('does not count an edit refused or a repeated delete as a change', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const m = await say(bruno, conv.id);
    await remove(bruno, m);
    await remove(bruno, m);
    expect((await call(bruno, 'PATCH', `/messages/${m.id}`, { body: 'otra vez' })).statusCode).toBe(409);
    const result = await sync(ana, [{ conversationId: conv.id, afterMessageId: m.id, afterChangeSeq: 0 }]);
    expect(changeSeqOf(result, conv.id)).toBe(1);
    expect(result.updated.map((u) => u.id)).toEqual([m.id]);
  });

  it('cuts a long backlog at the caps and continues from the watermark it returned', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const total = SYNC_MAX_UPDATES_PER_CONVERSATION + 100;
    // Every message edited once, the edit numbered like its seq.
    await t.database.db.execute(sql`
      insert into messages (id, conversation_id, sender_id, seq, body, client_message_id, edited_at, change_seq)
      select gen_random_uuid(), ${conv.id}::uuid, ${bruno.user.id}::uuid, g, 'm' || g, 'bulk' || g, now(), g
      from generate_series(1, ${total}) as g`);
    await t.database.db.execute(
      sql`update conversations set last_seq = ${total}, last_change_seq = ${total} where id = ${conv.id}`,
    );

    const all = await sync(ana, [{ conversationId: conv.id, afterMessageId: null }]);
    expect(all.messages).toHaveLength(SYNC_MAX_PER_CONVERSATION);
    expect(all.conversations[0]?.hasMoreMessages).toBe(true);
    const last = all.messages.at(-1);
    const rest = await sync(ana, [{ conversationId: conv.id, afterMessageId: last?.id ?? null }]);
    expect(rest.messages.map((m) => m.seq)).toEqual(
      Array.from({ length: total - SYNC_MAX_PER_CONVERSATION }, (_, k) => SYNC_MAX_PER_CONVERSATION + k + 1),
    );
    const newest = rest.messages.at(-1)?.id ?? null;

    const page1 = await sync(ana, [{ conversationId: conv.id, afterMessageId: newest, afterChangeSeq: 0 }]);
    expect(page1.updated.map((m) => m.seq)).toEqual(
      Array.from({ length: SYNC_MAX_UPDATES_PER_CONVERSATION }, (_, k) => k + 1),
    );
    expect(page1.conversations[0]).toMatchObject({
      changeSeq: SYNC_MAX_UPDATES_PER_CONVERSATION,
      hasMoreUpdates: true,
    });
    const page2 = await sync(ana, [
      { conversationId: conv.id, afterMessageId: newest, afterChangeSeq: changeSeqOf(page1, conv.id) },
    ]);
    expect(page2.updated.map((m) => m.seq)).toEqual(
      Array.from({ length: 100 }, (_, k) => SYNC_MAX_UPDATES_PER_CONVERSATION + k + 1),
    );
    expect(page2.conversations[0]).toMatchObject({ changeSeq: total, hasMoreUpdates: false });
  });

  it('refuses a watermark ahead of the conversation (400) and a conversation the actor is not in (404)', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const mine = await direct(ana, bruno);
    const theirs = await direct(bruno, carla);
    const held = await say(bruno, mine.id);
    const ahead = await errorOf(
      sync(ana, [{ conversationId: mine.id, afterMessageId: held.id, afterChangeSeq: 1 }]),
    );
    expect(ahead?.code).toBe('VALIDATION_FAILED');
    expect(ahead?.details).toEqual([
      {
        path: 'conversations.0.afterChangeSeq',
        message: 'Ahead of this conversation; drop it and refetch its history',
      },
    ]);
    const stranger = await errorOf(
      sync(ana, [{ conversationId: theirs.id, afterMessageId: null, afterChangeSeq: 0 }]),
    );
    expect(stranger?.code).toBe('NOT_FOUND');
  });
});
