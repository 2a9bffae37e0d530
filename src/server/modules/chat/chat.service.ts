import type {
  Conversation,
  CreateConversationBody,
  Message,
  ReadMarkPayload,
  Receipt,
  SendMessagePayload,
  SyncPayload,
  SyncResult,
} from '../../../contract/chat.ts';
import type { Database, Executor } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type EventBus } from '../../lib/events.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import { uniqueViolation } from '../../lib/pg-errors.ts';
import {
  assertAccepted,
  assertNoBlockInGroup,
  assertNotBlocked,
  loadAsMember,
  loadReach,
  seqOf,
} from './chat.access.ts';
import { createChatMembers } from './chat.members.ts';
import {
  findDirectConversation,
  findMember,
  insertConversation,
  insertMembers,
  listConversationRows,
  listMemberIds,
  raiseDeliveredSeqs,
  type DeliveryMark,
  type RaisedDelivery,
  raiseReadSeq,
} from './chat.repo.ts';
import {
  findMessage,
  findMessageByClientId,
  findMessageBySeq,
  listMessages,
  softDeleteMessage,
  takeNextChangeSeq,
  updateMessageBody,
} from './messages.repo.ts';
import type { ListMessagesQuery } from './chat.schema.ts';
import { sendInOneStatement } from './send.repo.ts';
import { listRecipientIds } from './visible.repo.ts';
import { syncMessages } from './chat.sync.ts';
import { activityCursor, findConversationView, toConversations, toMessage } from './chat.views.ts';

export interface ChatServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
}

export type ChatService = ReturnType<typeof createChatService>;

export function directKeyOf(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export function createChatService(deps: ChatServiceDeps) {
  const { db, events, clock } = deps;

  async function viewOf(ex: Executor, userId: string, conversationId: string): Promise<Conversation> {
    const view = await findConversationView(ex, userId, conversationId);
    if (!view) throw errors.notFound('Conversation');
    return view;
  }

  /** The message and its conversation, if the user is a member of it. */
  async function loadMessage(ex: Executor, userId: string, messageId: string) {
    const message = await findMessage(ex, messageId);
    if (!message || !(await findMember(ex, message.conversationId, userId))) throw errors.notFound('Message');
    return message;
  }

  async function createDirect(
    actor: Actor,
    otherId: string,
  ): Promise<{ conversation: Conversation; created: boolean }> {
    if (otherId === actor.userId) {
      throw errors.validation([{ path: 'body.memberIds.0', message: 'A conversation needs someone else' }]);
    }
    const directKey = directKeyOf(actor.userId, otherId);
    return transact(db, events, async (tx, emit) => {
      const reach = await loadReach(tx, actor.userId, [otherId]);
      assertNotBlocked(reach);
      // The pair's conversation goes on whatever the settings say now: they decide who may start one.
      const existing = await findDirectConversation(tx, directKey);
      if (existing) return { conversation: await viewOf(tx, actor.userId, existing.id), created: false };
      assertAccepted(reach, 'body.memberIds', [otherId]);
      const at = clock.now();
      // A concurrent create waits on the unique key, then finds the committed row.
      const inserted = await insertConversation(tx, {
        kind: 'direct',
        name: null,
        directKey,
        createdById: actor.userId,
        createdAt: at,
      });
      const row = inserted ?? (await findDirectConversation(tx, directKey));
      if (!row) throw new Error(`direct conversation ${directKey} neither inserted nor found`);
      if (inserted) {
        await insertMembers(tx, row.id, [
          { userId: actor.userId, role: 'member' },
          { userId: otherId, role: 'member' },
        ]);
        emit('conversation.changed', { conversationId: row.id, userIds: [actor.userId, otherId], at });
      }
      return { conversation: await viewOf(tx, actor.userId, row.id), created: inserted !== undefined };
    });
  }

  async function createGroup(actor: Actor, name: string, memberIds: string[]): Promise<Conversation> {
    const others = [...new Set(memberIds)].filter((id) => id !== actor.userId);
    if (others.length === 0) {
      throw errors.validation([{ path: 'body.memberIds', message: 'A group needs someone else' }]);
    }
    return transact(db, events, async (tx, emit) => {
      const reach = await loadReach(tx, actor.userId, others);
      // Everyone in a new group is a newcomer but its creator: no block between any two of them.
      await assertNoBlockInGroup(tx, reach, [actor.userId]);
      assertAccepted(reach, 'body.memberIds', memberIds);
      const at = clock.now();
      const row = await insertConversation(tx, {
        kind: 'group',
        name,
        directKey: null,
        createdById: actor.userId,
        createdAt: at,
      });
      if (!row) throw new Error('insert into conversations returned no row');
      await insertMembers(tx, row.id, [
        { userId: actor.userId, role: 'admin' },
        ...others.map((userId) => ({ userId, role: 'member' as const })),
      ]);
      emit('conversation.changed', { conversationId: row.id, userIds: [actor.userId, ...others], at });
      return viewOf(tx, actor.userId, row.id);
    });
  }

  /** Inserts the next message; a retried clientMessageId finds the message it already made. */
  async function send(actor: Actor, p: SendMessagePayload): Promise<{ message: Message; created: boolean }> {
    const at = clock.now();
    const outcome = await sendInOneStatement(db, { ...p, senderId: actor.userId, at });
    switch (outcome.kind) {
      case 'not-member':
        throw errors.notFound('Conversation');
      case 'blocked':
        throw errors.forbidden('You cannot message this dancer.');
      case 'existing': {
        const existing = await findMessage(db, outcome.messageId);
        if (!existing) throw errors.notFound('Message');
        return { message: toMessage(existing), created: false };
      }
      case 'sent': {
        // One statement, committed on return: the event goes out now, as transact() would.
        const message = toMessage(outcome.row);
        events.publish('message.created', {
          messageId: message.id,
          conversationId: message.conversationId,
          senderId: message.senderId,
          seq: message.seq,
          at,
          message,
          memberIds: outcome.memberIds,
        });
        return { message, created: true };
      }
    }
  }

  async function openConversation(
    actor: Actor,
    body: CreateConversationBody,
  ): Promise<{ conversation: Conversation; created: boolean }> {
    // One spelling per id, as stored, so repeats and the actor are recognised.
    const memberIds = body.memberIds.map((id) => id.toLowerCase());
    if (body.kind === 'direct') return createDirect(actor, memberIds[0] ?? '');
    return { conversation: await createGroup(actor, body.name, memberIds), created: true };
  }

  return {
    ...createChatMembers({ db, events, clock, viewOf }),

    /** Starts a direct conversation (or returns the pair's existing one) or a group. */
    async createConversation(actor: Actor, body: CreateConversationBody): Promise<Conversation> {
      return (await openConversation(actor, body)).conversation;
    },

    /** As createConversation, telling whether it was made now (false: the pair's existing one). */
    openConversation,

    /** The actor's conversations, most recent activity first. */
    async listConversations(actor: Actor, page: PageQuery): Promise<Page<Conversation>> {
      const rows = await listConversationRows(db, {
        userId: actor.userId,
        cursor: cursorOf(page),
        limit: page.limit,
      });
      const { items, meta } = toPage(rows.map(activityCursor), page.limit);
      return { items: await toConversations(db, actor.userId, items), meta };
    },

    /** One conversation of the actor's; NOT_FOUND for any other. */
    async getConversation(actor: Actor, conversationId: string): Promise<Conversation> {
      return viewOf(db, actor.userId, conversationId);
    },

    /**
     * History by seq: newest first (default, or before a message), oldest first after a message. Messages
     * of anyone in a block with the actor are left out.
     */
    async listMessages(
      actor: Actor,
      conversationId: string,
      query: ListMessagesQuery,
    ): Promise<Page<Message>> {
      await loadAsMember(db, actor.userId, conversationId);
      const { before, after } = query;
      const beforeSeq =
        before === undefined ? undefined : await seqOf(db, conversationId, before, 'query.before');
      const afterSeq =
        after === undefined ? undefined : await seqOf(db, conversationId, after, 'query.after');
      const rows = await listMessages(db, {
        conversationId,
        viewerId: actor.userId,
        beforeSeq,
        afterSeq,
        limit: query.limit,
      });
      const hasMore = rows.length > query.limit;
      const items = rows.slice(0, query.limit).map(toMessage);
      return { items, meta: { hasMore, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null } };
    },

    /** Sends a message, exactly once per clientMessageId; members only, refused across a block. */
    async sendMessage(actor: Actor, p: SendMessagePayload): Promise<{ message: Message; created: boolean }> {
      try {
        return await send(actor, p);
      } catch (err) {
        // A concurrent retry committed first: what it made is the answer.
        if (uniqueViolation(err) !== 'messages_client_id_key') throw err;
        const existing = await findMessageByClientId(db, p.conversationId, actor.userId, p.clientMessageId);
        if (!existing) throw err;
        return { message: toMessage(existing), created: false };
      }
    },

    /** Replaces the text of the actor's own message. */
    async editMessage(actor: Actor, messageId: string, body: string): Promise<Message> {
      return transact(db, events, async (tx, emit) => {
        const message = await loadMessage(tx, actor.userId, messageId);
        if (message.senderId !== actor.userId) throw errors.forbidden('Only its author can edit a message.');
        if (message.deletedAt) throw errors.conflict('This message was deleted.');
        const at = clock.now();
        const changeSeq = await takeNextChangeSeq(tx, message.conversationId);
        // Rechecked under the conversation lock: a delete may have committed since the read above.
        const row = await updateMessageBody(tx, messageId, body, at, changeSeq);
        if (!row) throw errors.conflict('This message was deleted.');
        emit('message.updated', {
          messageId,
          conversationId: row.conversationId,
          senderId: row.senderId,
          at,
        });
        return toMessage(row);
      });
    },

    /** Soft-deletes the actor's own message; deleting it again changes nothing. */
    async deleteMessage(actor: Actor, messageId: string): Promise<Message> {
      return transact(db, events, async (tx, emit) => {
        const message = await loadMessage(tx, actor.userId, messageId);
        if (message.senderId !== actor.userId)
          throw errors.forbidden('Only its author can delete a message.');
        if (message.deletedAt) return toMessage(message);
        const at = clock.now();
        const changeSeq = await takeNextChangeSeq(tx, message.conversationId);
        // A concurrent delete that won leaves an unused change number: watermarks need order, not density.
        const row = await softDeleteMessage(tx, messageId, at, changeSeq);
        if (!row) return toMessage(message);
        emit('message.updated', {
          messageId,
          conversationId: row.conversationId,
          senderId: row.senderId,
          at,
        });
        return toMessage(row);
      });
    },

    /** Moves the actor's read mark forward to a message; a mark behind the current one changes nothing. */
    async markRead(actor: Actor, p: ReadMarkPayload): Promise<Receipt> {
      return transact(db, events, async (tx, emit) => {
        const { member } = await loadAsMember(tx, actor.userId, p.conversationId);
        const seq = await seqOf(tx, p.conversationId, p.messageId);
        const readSeq = (await raiseReadSeq(tx, p.conversationId, actor.userId, seq)) ?? seq;
        const upTo =
          readSeq === seq ? p.messageId : (await findMessageBySeq(tx, p.conversationId, readSeq))?.id;
        const receipt = {
          conversationId: p.conversationId,
          userId: actor.userId,
          readUpToMessageId: upTo ?? p.messageId,
          readSeq,
        };
        if (readSeq > member.readSeq) {
          emit('message.read', { ...receipt, messageId: receipt.readUpToMessageId, at: clock.now() });
        }
        return receipt;
      });
    },

    /** Moves members' delivery marks forward, in one statement; nothing for non-members (realtime/deliveries.ts batches the confirmations). Returns whom to tell. */
    async markDeliveredMany(marks: DeliveryMark[]): Promise<RaisedDelivery[]> {
      return marks.length > 0 ? raiseDeliveredSeqs(db, marks) : [];
    },

    /** What the actor missed: new messages, and held ones edited or deleted since the watermark. */
    async sync(actor: Actor, payload: SyncPayload): Promise<SyncResult> {
      return syncMessages(db, actor.userId, payload);
    },

    /** A message by id, for the gateway turning events into pushes; no authorization. */
    async findMessage(messageId: string): Promise<Message | undefined> {
      const row = await findMessage(db, messageId);
      return row && toMessage(row);
    },

    /** Everyone in the conversation, for the gateway's rooms. */
    memberIds: (conversationId: string): Promise<string[]> => listMemberIds(db, conversationId),

    /** The members who may see this sender's messages (not those in a block with them), for pushes. */
    recipientIds: (conversationId: string, senderId: string): Promise<string[]> =>
      listRecipientIds(db, conversationId, senderId),

    async isMember(userId: string, conversationId: string): Promise<boolean> {
      return (await findMember(db, conversationId, userId)) !== undefined;
    },
  };
}
