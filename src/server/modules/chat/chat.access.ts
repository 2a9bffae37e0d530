import type { Conversation } from '../../../contract/chat.ts';
import { allQueries, type Executor } from '../../db/client.ts';
import { AppError, errors, type ErrorDetail } from '../../lib/errors.ts';
import { findConversation } from './conversations.repo.ts';
import { findMember } from './members.repo.ts';
import { findConversationView } from './chat.views.ts';
import { findMessage } from './messages.repo.ts';
import { findBlockInGroup, listReach, type Reach } from './reach.repo.ts';

// Who may reach whom, and who is in a conversation: shared by messages and membership changes.

/** How these users stand towards the actor, in the order of ids; NOT_FOUND unless every id is a user. */
export async function loadReach(db: Executor, actorId: string, ids: string[]): Promise<Reach[]> {
  const byId = new Map((await listReach(db, actorId, ids)).map((r) => [r.id, r]));
  return ids.map((id) => {
    const reach = byId.get(id);
    if (!reach) throw errors.notFound('User');
    return reach;
  });
}

/** Refuses a direct conversation across a block, either way (403, the same whoever blocked). */
export function assertNotBlocked(reach: Reach[]): void {
  if (reach.some((r) => r.blocked)) {
    throw errors.forbidden('You cannot start or share a conversation with this dancer.');
  }
}

/** Whether their directMessages setting lets the actor start a conversation with them or add them to a group. */
function accepts(r: Reach): boolean {
  switch (r.directMessages) {
    case 'everyone':
      return true;
    case 'following':
      return r.followsActor || r.friends;
    case 'friends':
      return r.friends;
  }
}

// Names the dancer and their rule, which is what the actor needs to know; nothing about anyone else.
function refusal(r: Reach): string {
  return r.directMessages === 'friends'
    ? `${r.displayName} accepts messages only from friends.`
    : `${r.displayName} accepts messages only from people they follow and from friends.`;
}

/**
 * NOT_ALLOWED (403) when someone's directMessages setting does not accept the actor; the details
 * name each of them by their place in the request (`field`: where the ids came from).
 */
export function assertAccepted(reach: Reach[], field: string, requested: string[]): void {
  const refused = reach.filter((r) => !accepts(r));
  const [first] = refused;
  if (!first) return;
  const details: ErrorDetail[] = refused.map((r) => ({
    path: `${field}.${requested.indexOf(r.id)}`,
    message: refusal(r),
  }));
  const more = refused.length - 1;
  const others = more === 1 ? '1 more on the list does' : `${more} more on the list do`;
  const message =
    more === 0 ? refusal(first) : `${refusal(first)} ${others} not accept messages from you either.`;
  throw new AppError('NOT_ALLOWED', message, details);
}

/**
 * FORBIDDEN when a block, either way, stands between a newcomer and anyone else in the group (the
 * members, the actor included, and the other newcomers). The message names a newcomer only, never
 * the other side or who blocked whom.
 */
export async function assertNoBlockInGroup(
  db: Executor,
  newcomers: Reach[],
  memberIds: string[],
): Promise<void> {
  const newcomerIds = newcomers.map((r) => r.id);
  const block = await findBlockInGroup(db, newcomerIds, [...memberIds, ...newcomerIds]);
  if (!block) return;
  // The earlier newcomer of the pair in the request, whichever side of the block it is on.
  const named = newcomers.find((r) => r.id === block.blockerId || r.id === block.blockedId);
  const who = named?.displayName ?? 'Someone on the list';
  throw errors.forbidden(`${who} cannot be in this group: a block stands between them and another member.`);
}

/** The conversation as the user sees it if they are a member; NOT_FOUND otherwise. */
export async function loadView(ex: Executor, userId: string, conversationId: string): Promise<Conversation> {
  const view = await findConversationView(ex, userId, conversationId);
  if (!view) throw errors.notFound('Conversation');
  return view;
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
