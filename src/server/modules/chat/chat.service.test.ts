import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { RegisteredUser } from '../../../../test/helpers/auth.ts';
import { conversationDeliveries, conversationMembers } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import { systemClock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { createEventBus, type DomainEvents } from '../../lib/events.ts';
import { unlimitedSends, type SendAllowance } from './chat.allowance.ts';
import { createChatService } from './chat.service.ts';
import { useChatApp } from './chat.testing.ts';

// The calls the socket gateway makes, straight on the service.
const { t, dancers, direct, group, say } = useChatApp();

const actorOf = (u: RegisteredUser): Actor => ({ userId: u.user.id, sessionId: randomUUID() });

function serviceWithEvents(sends: SendAllowance = unlimitedSends) {
  const events = createEventBus();
  const seen: { name: keyof DomainEvents; payload: unknown }[] = [];
  for (const name of [
    'message.created',
    'message.updated',
    'message.read',
    'conversation.changed',
  ] as const) {
    events.subscribe(name, (payload) => seen.push({ name, payload }));
  }
  return { chat: createChatService({ db: t.database.db, events, clock: systemClock, sends }), seen };
}

async function codeOfRejection(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe('sync', () => {
  it('returns exactly the missed messages, in (conversation, seq) order', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const one = await direct(ana, bruno);
    const two = await group(carla, [ana]);
    const held = await say(bruno, one.id, 'a1');
    const missedOne = [await say(bruno, one.id, 'a2'), await say(ana, one.id, 'a3')];
    const missedTwo = [await say(carla, two.id, 'b1'), await say(carla, two.id, 'b2')];
    const { chat } = serviceWithEvents();

    const { messages } = await chat.sync(actorOf(ana), {
      conversations: [
        { conversationId: two.id, afterMessageId: null },
        { conversationId: one.id, afterMessageId: held.id },
      ],
    });
    const expected = [...missedOne, ...missedTwo].sort((a, b) =>
      a.conversationId === b.conversationId ? a.seq - b.seq : a.conversationId < b.conversationId ? -1 : 1,
    );
    expect(messages.map((m) => m.id)).toEqual(expected.map((m) => m.id));
  });

  it('refuses a conversation the actor is not in (404) and a message of another one (400)', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const theirs = await direct(bruno, carla);
    const mine = await direct(ana, bruno);
    const foreign = await say(bruno, theirs.id);
    const { chat } = serviceWithEvents();
    expect(
      await codeOfRejection(
        chat.sync(actorOf(ana), { conversations: [{ conversationId: theirs.id, afterMessageId: null }] }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await codeOfRejection(
        chat.sync(actorOf(ana), { conversations: [{ conversationId: mine.id, afterMessageId: foreign.id }] }),
      ),
    ).toBe('VALIDATION_FAILED');
  });
});

describe('send allowance', () => {
  it("spends one of the sender's allowance per send, a retry included, and past it refuses with RATE_LIMITED and Retry-After, storing nothing", async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const asked: string[] = [];
    let left = 2;
    const { chat, seen } = serviceWithEvents({
      take: (userId) => {
        asked.push(userId);
        left -= 1;
        return Promise.resolve(left >= 0 ? { allowed: true } : { allowed: false, retryAfterMs: 1_500 });
      },
    });
    const payload = { conversationId: conv.id, clientMessageId: 'limited', body: 'Hola' };
    expect((await chat.sendMessage(actorOf(ana), payload)).created).toBe(true);
    expect((await chat.sendMessage(actorOf(ana), payload)).created).toBe(false);
    const refused = await chat
      .sendMessage(actorOf(ana), { ...payload, clientMessageId: 'over' })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    // Whole seconds, rounded up.
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, headers: { 'retry-after': '2' } });
    expect(asked).toEqual([ana.user.id, ana.user.id, ana.user.id]);
    expect(seen.map((e) => e.name)).toEqual(['message.created']);
    const stored = await chat.listMessages(actorOf(bruno), conv.id, { limit: 10 });
    expect(stored.items.map((m) => m.clientMessageId)).toEqual(['limited']);
  });
});

describe('the gateway helpers', () => {
  it('knows the members', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    const { chat } = serviceWithEvents();
    expect((await chat.memberIds(conv.id)).sort()).toEqual([ana.user.id, bruno.user.id].sort());
    expect(await chat.isMember(bruno.user.id, conv.id)).toBe(true);
    expect(await chat.isMember(carla.user.id, conv.id)).toBe(false);
    expect(await chat.isMember(ana.user.id, randomUUID())).toBe(false);
  });

  it('moves the delivery mark forward only, never past the last message, and only for members', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    const other = await direct(ana, carla);
    for (const body of ['1', '2', '3', '4', '5', '6', '7']) await say(ana, conv.id, body);
    await say(carla, other.id, 'uno');
    await say(ana, other.id, 'dos');
    await say(ana, other.id, 'tres');
    const { chat } = serviceWithEvents();
    const marks = () =>
      t.database.db
        .select()
        .from(conversationDeliveries)
        .where(inArray(conversationDeliveries.conversationId, [conv.id, other.id]));

    // Bruno now holds 1–5, all Ana's: she is the sender to tell.
    expect(
      await chat.markDeliveredMany([{ userId: bruno.user.id, conversationId: conv.id, seq: 5 }]),
    ).toEqual([{ conversationId: conv.id, senderId: ana.user.id, userId: bruno.user.id, deliveredSeq: 5 }]);
    const raised = await chat.markDeliveredMany([
      // Lower than what is stored: nothing changes, nobody is told.
      { userId: bruno.user.id, conversationId: conv.id, seq: 2 },
      // Carla is not in this conversation: her mark is dropped, the batch's others are kept.
      { userId: carla.user.id, conversationId: conv.id, seq: 4 },
      // Past the last message (3): stored as 3; her own message 1 is not reported to her.
      { userId: carla.user.id, conversationId: other.id, seq: 99 },
    ]);
    expect(raised).toEqual([
      { conversationId: other.id, senderId: ana.user.id, userId: carla.user.id, deliveredSeq: 3 },
    ]);
    expect(await marks()).toEqual(
      expect.arrayContaining([
        { conversationId: conv.id, userId: bruno.user.id, deliveredSeq: 5 },
        { conversationId: other.id, userId: carla.user.id, deliveredSeq: 3 },
      ]),
    );
    expect(await marks()).toHaveLength(2);
    // Only the newly covered messages (6, 7) are looked at: still Ana alone, told once.
    expect(
      await chat.markDeliveredMany([{ userId: bruno.user.id, conversationId: conv.id, seq: 7 }]),
    ).toEqual([{ conversationId: conv.id, senderId: ana.user.id, userId: bruno.user.id, deliveredSeq: 7 }]);
    // Leaving the conversation takes the mark with it.
    await t.database.db
      .delete(conversationMembers)
      .where(
        and(eq(conversationMembers.conversationId, other.id), eq(conversationMembers.userId, carla.user.id)),
      );
    expect(await marks()).toHaveLength(1);
  });

  it('tells only senders who are still members, and takes one mark per key however often it comes', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno, carla]);
    await say(carla, conv.id, 'me voy');
    await say(ana, conv.id, 'chau');
    const left = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv.id}/leave`,
      headers: { authorization: `Bearer ${carla.accessToken}` },
    });
    expect(left.statusCode).toBe(204);
    const { chat } = serviceWithEvents();
    expect(
      await chat.markDeliveredMany([
        { userId: bruno.user.id, conversationId: conv.id, seq: 1 },
        { userId: bruno.user.id, conversationId: conv.id.toUpperCase(), seq: 2 },
      ]),
    ).toEqual([{ conversationId: conv.id, senderId: ana.user.id, userId: bruno.user.id, deliveredSeq: 2 }]);
  });
});

describe('domain events', () => {
  it('publishes a send once, a read once per move, and edits and deletes as updates', async () => {
    const [ana, bruno] = await dancers(2);
    const conv = await direct(ana, bruno);
    const { chat, seen } = serviceWithEvents();
    const payload = { conversationId: conv.id, clientMessageId: 'evt', body: 'Hola' };
    const { message, created } = await chat.sendMessage(actorOf(ana), payload);
    expect(created).toBe(true);
    expect((await chat.sendMessage(actorOf(ana), payload)).created).toBe(false);
    await chat.markRead(actorOf(bruno), { conversationId: conv.id, messageId: message.id });
    await chat.markRead(actorOf(bruno), { conversationId: conv.id, messageId: message.id });
    await chat.editMessage(actorOf(ana), message.id, 'Hola de nuevo');
    await chat.deleteMessage(actorOf(ana), message.id);

    expect(seen.map((e) => e.name)).toEqual([
      'message.created',
      'message.read',
      'message.updated',
      'message.updated',
    ]);
    expect(seen[0]?.payload).toMatchObject({
      messageId: message.id,
      conversationId: conv.id,
      seq: 1,
      message,
      memberIds: expect.arrayContaining([ana.user.id, bruno.user.id]) as unknown,
    });
    expect(seen[1]?.payload).toMatchObject({ userId: bruno.user.id, readSeq: 1, messageId: message.id });
    expect(await chat.findMessage(message.id)).toMatchObject({ body: '' });
  });

  it('publishes nothing for a refused send', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await direct(ana, bruno);
    const { chat, seen } = serviceWithEvents();
    const send = chat.sendMessage(actorOf(carla), {
      conversationId: conv.id,
      clientMessageId: 'x',
      body: 'Hola',
    });
    expect(await codeOfRejection(send)).toBe('NOT_FOUND');
    expect(seen).toEqual([]);
  });

  it('tells removed members about the change too', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno, carla]);
    const { chat, seen } = serviceWithEvents();
    await chat.removeMember(actorOf(ana), conv.id, carla.user.id);
    const [event] = seen;
    expect(event?.name).toBe('conversation.changed');
    expect((event?.payload as DomainEvents['conversation.changed']).userIds.sort()).toEqual(
      [ana.user.id, bruno.user.id, carla.user.id].sort(),
    );
  });
});
