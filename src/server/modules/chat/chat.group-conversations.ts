import type { Database, Executor, Transaction } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Emit } from '../../lib/events.ts';
import {
  deleteConversation,
  findGroupConversation,
  insertConversation,
  listGroupSeats,
  lockConversation,
  renameConversation,
} from './conversations.repo.ts';
import { deleteMember, insertMembers, listMemberIds } from './members.repo.ts';

interface GroupConversationsDeps {
  db: Database;
  clock: Clock;
}

// A group's chat: a group conversation tied to the group (conversations.group_id). modules/groups
// decides who sits in it and calls these inside its own transactions, under the group's row lock, so
// changes to one group's chat never interleave; each also locks the conversation (after the group,
// always in that order) as the chat's own member changes do. Every member is a plain 'member': the
// group's roles govern, and the chat API refuses to change such a conversation (chat.members.ts).

/** The chat side of groups' conversations: opening, seating, unseating, renaming, closing. */
export function createGroupConversations({ db, clock }: GroupConversationsDeps) {
  /** Locks the conversation and answers who is in it; a conversation that is gone has nobody. */
  async function lockSeats(tx: Transaction, conversationId: string) {
    const conversation = await lockConversation(tx, conversationId);
    if (!conversation) return undefined;
    return { conversation, memberIds: await listMemberIds(tx, conversationId) };
  }

  return {
    /** The group's chat, if it has one. */
    async findGroupConversationId(ex: Executor, groupId: string): Promise<string | undefined> {
      return (await findGroupConversation(ex, groupId))?.id;
    },

    /**
     * Opens the group's chat, with nobody in it yet (seatGroupMembers fills it); the one it has
     * already if there is one (unique on group_id).
     */
    async openGroupConversation(
      tx: Transaction,
      group: { groupId: string; name: string; createdById: string | null },
    ): Promise<string> {
      const row = await insertConversation(tx, {
        kind: 'group',
        name: group.name,
        directKey: null,
        groupId: group.groupId,
        createdById: group.createdById,
        createdAt: clock.now(),
      });
      const id = row?.id ?? (await findGroupConversation(tx, group.groupId))?.id;
      if (!id) throw new Error(`group ${group.groupId}: chat neither inserted nor found`);
      return id;
    },

    /**
     * Seats candidates (in the order given, those not in yet) while the chat has fewer than `seats`
     * members; they can read the history, none of it unread. Everyone in it is told. Answers who was
     * seated and how many seats are left.
     */
    async seatGroupMembers(
      tx: Transaction,
      emit: Emit,
      conversationId: string,
      candidateIds: string[],
      seats: number,
    ): Promise<{ seated: string[]; free: number }> {
      const locked = await lockSeats(tx, conversationId);
      if (!locked) return { seated: [], free: 0 };
      const inside = new Set(locked.memberIds);
      const room = Math.max(0, seats - inside.size);
      const seated = [...new Set(candidateIds)].filter((id) => !inside.has(id)).slice(0, room);
      if (seated.length > 0) {
        await insertMembers(
          tx,
          conversationId,
          seated.map((userId) => ({
            userId,
            role: 'member' as const,
            readSeq: locked.conversation.lastSeq,
          })),
        );
        const userIds = [...locked.memberIds, ...seated];
        emit('conversation.changed', { conversationId, userIds, at: clock.now() });
      }
      return { seated, free: room - seated.length };
    },

    /**
     * Takes a dancer's seat; false when they had none. They and everyone left are told. Answers how
     * many are left in the chat.
     */
    async unseatGroupMember(
      tx: Transaction,
      emit: Emit,
      conversationId: string,
      userId: string,
    ): Promise<{ unseated: boolean; remaining: number }> {
      const locked = await lockSeats(tx, conversationId);
      if (!locked) return { unseated: false, remaining: 0 };
      const unseated = await deleteMember(tx, conversationId, userId);
      const remaining = locked.memberIds.filter((id) => id !== userId);
      if (unseated) {
        emit('conversation.changed', { conversationId, userIds: [...remaining, userId], at: clock.now() });
      }
      return { unseated, remaining: remaining.length };
    },

    /** Names the chat as its group is now named; everyone in it is told. */
    async renameGroupConversation(
      tx: Transaction,
      emit: Emit,
      conversationId: string,
      name: string,
    ): Promise<void> {
      const locked = await lockSeats(tx, conversationId);
      if (!locked) return;
      const at = clock.now();
      await renameConversation(tx, conversationId, name, at);
      emit('conversation.changed', { conversationId, userIds: locked.memberIds, at });
    },

    /** Deletes the chat with its messages (its group is being deleted); everyone who was in it is told. */
    async closeGroupConversation(tx: Transaction, emit: Emit, conversationId: string): Promise<void> {
      const locked = await lockSeats(tx, conversationId);
      if (!locked) return;
      await deleteConversation(tx, conversationId);
      emit('conversation.changed', { conversationId, userIds: locked.memberIds, at: clock.now() });
    },

    /** Of these groups, the chats the user sits in, by group id (for the groups' views). */
    async findGroupSeats(userId: string, groupIds: string[]): Promise<Map<string, string>> {
      const rows = await listGroupSeats(db, userId, groupIds);
      return new Map(rows.map((r) => [r.groupId, r.conversationId]));
    },
  };
}
