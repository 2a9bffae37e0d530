import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RegisteredUser } from '../../../../test/helpers/auth.ts';
import type { Conversation, Message } from '../../../contract/chat.ts';
import type { Actor } from '../../lib/authz.ts';
import { systemClock } from '../../lib/clock.ts';
import { createEventBus } from '../../lib/events.ts';
import { unlimitedSends } from './chat.allowance.ts';
import { createChatService } from './chat.service.ts';
import { useChatApp } from './chat.testing.ts';

// A block between two members of a conversation hides each one's messages from the other, old and
// new: in the history, in sync, and in the conversation list's last message and unread count.

const { t, call, dancers, direct, group, say, conversationOf } = useChatApp();

type Page = { data: Message[]; meta: { nextCursor: string | null; hasMore: boolean } };

const actorOf = (u: RegisteredUser): Actor => ({ userId: u.user.id, sessionId: randomUUID() });
const chat = () =>
  createChatService({
    db: t.database.db,
    events: createEventBus(),
    clock: systemClock,
    sends: unlimitedSends,
  });

async function block(blocker: RegisteredUser, blocked: RegisteredUser): Promise<void> {
  const res = await call(blocker, 'PUT', `/users/${blocked.username}/block`);
  expect(res.statusCode, res.body).toBeLessThan(300);
}

async function history(u: RegisteredUser, conversationId: string, query = ''): Promise<Page> {
  const res = await call(u, 'GET', `/conversations/${conversationId}/messages${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
}

const bodies = (page: Page) => page.data.map((m) => m.body);

/** Ana's group with Bruno and Carla, who have each spoken once, as has Ana; then Carla blocks Bruno. */
async function groupWithBlock() {
  const [ana, bruno, carla] = await dancers(3);
  const conv = await group(ana, [bruno, carla]);
  await say(bruno, conv.id, 'b1');
  await say(carla, conv.id, 'c1');
  await say(ana, conv.id, 'a1');
  await block(carla, bruno);
  return { ana, bruno, carla, conv };
}

describe('a block between two members of a group', () => {
  it("hides each one's messages from the other in the history, both ways, before and after the block", async () => {
    const { ana, bruno, carla, conv } = await groupWithBlock();
    await say(bruno, conv.id, 'b2');
    await say(carla, conv.id, 'c2');
    expect(bodies(await history(carla, conv.id))).toEqual(['c2', 'a1', 'c1']);
    expect(bodies(await history(bruno, conv.id))).toEqual(['b2', 'a1', 'b1']);
    expect(bodies(await history(ana, conv.id))).toEqual(['c2', 'b2', 'a1', 'c1', 'b1']);
  });

  it('pages over the hidden messages without repeats or gaps', async () => {
    const { carla, bruno, conv } = await groupWithBlock();
    await say(bruno, conv.id, 'b2');
    await say(carla, conv.id, 'c2');
    const first = await history(carla, conv.id, '?limit=2');
    expect(bodies(first)).toEqual(['c2', 'a1']);
    expect(first.meta.hasMore).toBe(true);
    const second = await history(carla, conv.id, `?limit=2&before=${first.meta.nextCursor ?? ''}`);
    expect(bodies(second)).toEqual(['c1']);
    expect(second.meta.hasMore).toBe(false);
    const forward = await history(carla, conv.id, `?after=${second.data[0]?.id ?? ''}`);
    expect(bodies(forward)).toEqual(['a1', 'c2']);
  });

  it("leaves the other's messages out of the last message and the unread count", async () => {
    const { ana, bruno, carla, conv } = await groupWithBlock();
    await say(carla, conv.id, 'c2');
    await say(bruno, conv.id, 'b2');
    await say(bruno, conv.id, 'b3');
    const listed = (await call(carla, 'GET', '/conversations')).json<{ data: Conversation[] }>().data;
    expect(listed.find((c) => c.id === conv.id)).toMatchObject({
      lastMessage: { body: 'c2' },
      unreadCount: 0,
    });
    expect(await conversationOf(carla, conv.id)).toMatchObject({
      lastMessage: { body: 'c2' },
      unreadCount: 0,
    });
    // Bruno has read up to his own last message; Carla's after it would count, and are hidden.
    await say(carla, conv.id, 'c3');
    expect(await conversationOf(bruno, conv.id)).toMatchObject({
      lastMessage: { body: 'b3' },
      unreadCount: 0,
    });
    await say(ana, conv.id, 'a2');
    expect(await conversationOf(carla, conv.id)).toMatchObject({
      lastMessage: { body: 'a2' },
      unreadCount: 1,
    });
    expect(await conversationOf(bruno, conv.id)).toMatchObject({
      lastMessage: { body: 'a2' },
      unreadCount: 1,
    });
    // Ana, in no block, sees and counts everything.
    expect(await conversationOf(ana, conv.id)).toMatchObject({ lastMessage: { body: 'a2' }, unreadCount: 0 });
  });

  it("counts unread across a read mark left before the other's messages", async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno, carla]);
    const first = await say(ana, conv.id, 'a1');
    await block(carla, bruno);
    await say(bruno, conv.id, 'b1');
    await say(ana, conv.id, 'a2');
    await say(bruno, conv.id, 'b2');
    const read = await call(carla, 'POST', `/conversations/${conv.id}/read`, { messageId: first.id });
    expect(read.statusCode, read.body).toBe(200);
    expect(await conversationOf(carla, conv.id)).toMatchObject({
      lastMessage: { body: 'a2' },
      unreadCount: 1,
    });
  });

  it('replays in sync only what each may see, new and changed', async () => {
    const { ana, bruno, carla, conv } = await groupWithBlock();
    const held = await chat().sync(actorOf(carla), {
      conversations: [{ conversationId: conv.id, afterMessageId: null }],
    });
    expect(held.messages.map((m) => m.body)).toEqual(['c1', 'a1']);
    const watermark = held.conversations[0]?.changeSeq ?? 0;
    const b2 = await say(bruno, conv.id, 'b2');
    await say(ana, conv.id, 'a2');
    // Bruno's edit is no update for Carla either.
    const edited = await call(bruno, 'PATCH', `/messages/${b2.id}`, { body: 'b2 editado' });
    expect(edited.statusCode).toBe(200);
    const later = await chat().sync(actorOf(carla), {
      conversations: [
        {
          conversationId: conv.id,
          afterMessageId: held.messages.at(-1)?.id ?? null,
          afterChangeSeq: watermark,
        },
      ],
    });
    expect(later.messages.map((m) => m.body)).toEqual(['a2']);
    expect(later.updated).toEqual([]);
    const brunos = await chat().sync(actorOf(bruno), {
      conversations: [{ conversationId: conv.id, afterMessageId: null }],
    });
    expect(brunos.messages.map((m) => m.body)).toEqual(['b1', 'a1', 'b2 editado', 'a2']);
  });

  it('never tells one that their messages reached the other', async () => {
    const { ana, carla, conv } = await groupWithBlock();
    // Carla confirms everything up to Ana's a1, past Bruno's b1: only Ana hears of it.
    const raised = await chat().markDeliveredMany([
      { conversationId: conv.id, userId: carla.user.id, seq: 3 },
    ]);
    expect(raised).toEqual([
      { conversationId: conv.id, senderId: ana.user.id, userId: carla.user.id, deliveredSeq: 3 },
    ]);
  });

  it('shows the messages again once the block is lifted', async () => {
    const { bruno, carla, conv } = await groupWithBlock();
    expect(bodies(await history(carla, conv.id))).toEqual(['a1', 'c1']);
    expect((await call(carla, 'DELETE', `/users/${bruno.username}/block`)).statusCode).toBeLessThan(300);
    expect(bodies(await history(carla, conv.id))).toEqual(['a1', 'c1', 'b1']);
  });
});

describe('a block between the two of a direct conversation', () => {
  it('leaves each with their own messages only', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    await say(ana, conv.id, 'hola');
    await say(bruno, conv.id, '¿bailamos?');
    await block(bruno, ana);
    expect(bodies(await history(ana, conv.id))).toEqual(['hola']);
    expect(bodies(await history(bruno, conv.id))).toEqual(['¿bailamos?']);
    expect(await conversationOf(ana, conv.id)).toMatchObject({
      lastMessage: { body: 'hola' },
      unreadCount: 0,
    });
  });
});
