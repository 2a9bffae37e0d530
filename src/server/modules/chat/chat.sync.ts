import type { Message, SyncPayload, SyncResult, SyncedConversation } from '../../../contract/chat.ts';
import type { Executor } from '../../db/client.ts';
import { errors } from '../../lib/errors.ts';
import { loadAsMember, seqOf } from './chat.access.ts';
import { listChangedMessages, listMessages } from './messages.repo.ts';
import { toMessage } from './chat.views.ts';

/** New messages per conversation in one answer; hasMoreMessages asks the client to sync again. */
export const SYNC_MAX_PER_CONVERSATION = 500;
/** Changed messages per conversation in one answer; hasMoreUpdates asks the client to sync again. */
export const SYNC_MAX_UPDATES_PER_CONVERSATION = 500;

// The watermark is conversations.last_change_seq, not a time. Edit times come from each instance's
// clock and are taken before commit, so an edit could commit after a sync that already handed out a
// later time, and never be replayed. The counter is taken under the conversation's row lock, so within
// a conversation it follows commit order.

type SyncEntry = SyncPayload['conversations'][number];

interface ConversationSync {
  messages: Message[];
  updated: Message[];
  status: SyncedConversation;
}

async function syncConversation(
  db: Executor,
  userId: string,
  { conversationId, afterMessageId, afterChangeSeq }: SyncEntry,
  i: number,
): Promise<ConversationSync> {
  // Read before the messages: every change numbered up to it has committed, so the queries below see it.
  const { conversation } = await loadAsMember(db, userId, conversationId);
  const watermark = conversation.lastChangeSeq;
  if (afterChangeSeq !== undefined && afterChangeSeq > watermark) {
    // The path goes into the message too: a socket ack carries no details.
    const path = `conversations.${i}.afterChangeSeq`;
    const message = 'Ahead of this conversation; drop it and refetch its history';
    throw errors.validation([{ path, message }], `${path}: ${message}`);
  }
  const afterSeq =
    afterMessageId === null
      ? 0
      : await seqOf(db, conversationId, afterMessageId, `conversations.${i}.afterMessageId`);
  const fresh = await listMessages(db, {
    conversationId,
    viewerId: userId,
    afterSeq,
    limit: SYNC_MAX_PER_CONVERSATION,
  });
  const changed =
    afterChangeSeq === undefined || afterSeq === 0 || afterChangeSeq === watermark
      ? []
      : await listChangedMessages(db, {
          conversationId,
          viewerId: userId,
          afterChangeSeq,
          upToChangeSeq: watermark,
          upToSeq: afterSeq,
          limit: SYNC_MAX_UPDATES_PER_CONVERSATION,
        });
  const hasMoreUpdates = changed.length > SYNC_MAX_UPDATES_PER_CONVERSATION;
  const page = changed.slice(0, SYNC_MAX_UPDATES_PER_CONVERSATION);
  // A cut page moves the watermark only as far as it got; the next sync picks up from there.
  const changeSeq = hasMoreUpdates ? (page.at(-1)?.changeSeq ?? watermark) : watermark;
  return {
    messages: fresh.slice(0, SYNC_MAX_PER_CONVERSATION).map(toMessage),
    updated: page.sort((a, b) => a.seq - b.seq).map(toMessage),
    status: {
      conversationId,
      changeSeq,
      hasMoreMessages: fresh.length > SYNC_MAX_PER_CONVERSATION,
      hasMoreUpdates,
    },
  };
}

/**
 * What a reconnecting member missed, per conversation: the messages after the one they hold (all when
 * they hold none), and those they hold that were edited or deleted after their watermark; both ordered
 * by (conversation, seq), without the messages of anyone in a block with them. Not a member of one →
 * NOT_FOUND.
 */
export async function syncMessages(db: Executor, userId: string, payload: SyncPayload): Promise<SyncResult> {
  const seen = new Set<string>();
  for (const [i, { conversationId }] of payload.conversations.entries()) {
    if (seen.has(conversationId)) {
      throw errors.validation([{ path: `conversations.${i}.conversationId`, message: 'Listed twice' }]);
    }
    seen.add(conversationId);
  }
  const entries = payload.conversations
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.conversationId < b.entry.conversationId ? -1 : 1));
  const result: SyncResult = { messages: [], updated: [], conversations: [] };
  for (const { entry, i } of entries) {
    const { messages, updated, status } = await syncConversation(db, userId, entry, i);
    result.messages.push(...messages);
    result.updated.push(...updated);
    result.conversations.push(status);
  }
  return result;
}
