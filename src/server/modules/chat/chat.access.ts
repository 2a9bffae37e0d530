import { allQueries, type Executor } from '../../db/client.ts';
import { errors } from '../../lib/errors.ts';
import { blockedWith, existingUserIds, findConversation, findMember } from './chat.repo.ts';
import { findMessage } from './messages.repo.ts';

// Who may reach whom, and who is in a conversation: shared by messages and membership changes.

/** Refuses ids that are no user (404) or with a block either way with the actor (403). */
export async function assertReachable(db: Executor, actorId: string, ids: string[]): Promise<void> {
  const existing = await existingUserIds(db, ids);
  if (existing.length !== ids.length) throw errors.notFound('User');
  if ((await blockedWith(db, actorId, ids)).length > 0) {
    throw errors.forbidden('You cannot start or share a conversation with this dancer.');
  }
}

/** The conversation if the user is a member; NOT_FOUND otherwise, whether it exists or not. */
export async function loadAsMember(db: Executor, userId: string, conversationId: string) {
  const [conversation, member] = await allQueries(db, [
    () => findConversation(db, conversationId),
    () => findMember(db, conversationId, userId),
  ]);
  if (!conversation || !member) throw errors.notFound('Conversation');
  return { conversation, member };
}

/**
 * The seq of a message of this conversation. Otherwise a validation error naming the field that
 * held its id, or NOT_FOUND without a path.
 */
export async function seqOf(ex: Executor, conversationId: string, messageId: string, path?: string) {
  const message = await findMessage(ex, messageId);
  if (message?.conversationId !== conversationId) {
    if (path === undefined) throw errors.notFound('Message');
    throw errors.validation([{ path, message: 'Not a message of this conversation' }]);
  }
  return message.seq;
}
