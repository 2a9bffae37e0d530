import type { SyncPayload, SyncResult } from '../../../contract/chat.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import type { EventBus } from '../../lib/events.ts';
import type { SendAllowance } from './chat.allowance.ts';
import { createChatConversations } from './chat.conversations.ts';
import { createGroupConversations } from './chat.group-conversations.ts';
import { createChatMembers } from './chat.members.ts';
import { createChatMessages } from './chat.messages.ts';
import { syncMessages } from './chat.sync.ts';
import { findMember, listMemberIds } from './members.repo.ts';

export interface ChatServiceDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  /** The per-user message allowance, spent by every send (HTTP and sockets alike). */
  sends: SendAllowance;
}

export type ChatService = ReturnType<typeof createChatService>;

/** Conversations, their members and their messages; the one door other code uses into chat. */
export function createChatService(deps: ChatServiceDeps) {
  const { db } = deps;
  return {
    ...createChatConversations(deps),
    ...createChatMembers(deps),
    ...createChatMessages(deps),
    ...createGroupConversations(deps),

    /** What the actor missed: new messages, and held ones edited or deleted since the watermark. */
    async sync(actor: Actor, payload: SyncPayload): Promise<SyncResult> {
      return syncMessages(db, actor.userId, payload);
    },

    /** Everyone in the conversation, for the gateway's rooms. */
    memberIds: (conversationId: string): Promise<string[]> => listMemberIds(db, conversationId),

    async isMember(userId: string, conversationId: string): Promise<boolean> {
      return (await findMember(db, conversationId, userId)) !== undefined;
    },
  };
}
