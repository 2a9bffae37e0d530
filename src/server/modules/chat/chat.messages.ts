import type { Message, ReadMarkPayload, Receipt, SendMessagePayload } from '../../../contract/chat.ts';
import type { Database, Executor } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type EventBus } from '../../lib/events.ts';
import type { Page } from '../../lib/pagination.ts';
import { uniqueViolation } from '../../lib/pg-errors.ts';
import { loadAsMember, seqOf } from './chat.access.ts';
import { requireSendAllowance, type SendAllowance } from './chat.allowance.ts';
import type { ListMessagesQuery } from './chat.schema.ts';
import { toMessage } from './chat.views.ts';
import { raiseDeliveredSeqs, raiseReadSeq, type DeliveryMark, type RaisedDelivery } from './marks.repo.ts';
import { findMember } from './members.repo.ts';
import {
  findMessage,
  findMessageByClientId,
  findMessageBySeq,
  listMessages,
  softDeleteMessage,
  takeNextChangeSeq,
  updateMessageBody,
} from './messages.repo.ts';
import { sendInOneStatement } from './send.repo.ts';
import { listRecipientIds } from './visible.repo.ts';

interface ChatMessagesDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  sends: SendAllowance;
}

/** Messages: history, sending (once per clientMessageId, within the allowance), edits, read and delivery marks. */
export function createChatMessages({ db, events, clock, sends }: ChatMessagesDeps) {
  /** The message and its conversation, if the user is a member of it. */
  async function loadMessage(ex: Executor, userId: string, messageId: string) {
    const message = await findMessage(ex, messageId);
    if (!message || !(await findMember(ex, message.conversationId, userId))) throw errors.notFound('Message');
    return message;
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

  return {
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

    /**
     * Sends a message, exactly once per clientMessageId; members only, refused across a block. Every
     * call, a retry included, spends one of the sender's allowance first (RATE_LIMITED past it).
     */
    async sendMessage(actor: Actor, p: SendMessagePayload): Promise<{ message: Message; created: boolean }> {
      await requireSendAllowance(sends, actor.userId);
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

    /** A message by id, for the gateway turning events into pushes; no authorization. */
    async findMessage(messageId: string): Promise<Message | undefined> {
      const row = await findMessage(db, messageId);
      return row && toMessage(row);
    },

    /** The members who may see this sender's messages (not those in a block with them), for pushes. */
    recipientIds: (conversationId: string, senderId: string): Promise<string[]> =>
      listRecipientIds(db, conversationId, senderId),
  };
}
