import type { Message, SyncPayload } from '../../../contract/chat.ts';
import type { Executor } from '../../db/client.ts';
import { errors } from '../../lib/errors.ts';
import { loadAsMember, seqOf } from './chat.access.ts';
import { listMessages } from './messages.repo.ts';
import { toMessage } from './chat.views.ts';

/** Replay per conversation stops here; the client pages the rest of the history. */
export const SYNC_MAX_PER_CONVERSATION = 500;

/**
 * What a reconnecting member missed: per conversation, the messages after the one they hold
 * (all when they hold none), ordered by (conversation, seq). Not a member of one → NOT_FOUND.
 */
export async function syncMessages(db: Executor, userId: string, payload: SyncPayload): Promise<Message[]> {
  const seen = new Set<string>();
  for (const [i, { conversationId }] of payload.conversations.entries()) {
    if (seen.has(conversationId)) {
      throw errors.validation([{ path: `conversations.${i}.conversationId`, message: 'Listed twice' }]);
    }
    seen.add(conversationId);
  }
  const entries = payload.conversations
    .map((entry, i) => ({ ...entry, i }))
    .sort((a, b) => (a.conversationId < b.conversationId ? -1 : 1));
  const out: Message[] = [];
  for (const { conversationId, afterMessageId, i } of entries) {
    await loadAsMember(db, userId, conversationId);
    const afterSeq =
      afterMessageId === null
        ? 0
        : await seqOf(db, conversationId, afterMessageId, `conversations.${i}.afterMessageId`);
    const rows = await listMessages(db, { conversationId, afterSeq, limit: SYNC_MAX_PER_CONVERSATION });
    out.push(...rows.slice(0, SYNC_MAX_PER_CONVERSATION).map(toMessage));
  }
  return out;
}
