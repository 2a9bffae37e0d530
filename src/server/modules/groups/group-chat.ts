import type { Transaction } from '../../db/client.ts';
import { errors } from '../../lib/errors.ts';
import type { Emit } from '../../lib/events.ts';
import type { ChatService } from '../chat/chat.service.ts';
import { listMemberPositions, type MemberPosition } from './group-members.repo.ts';
import { findGroupForChat } from './groups.repo.ts';

/** What groups use of the chat service: the chat side of a group's conversation. */
export type GroupConversations = Pick<
  ChatService,
  | 'findGroupConversationId'
  | 'openGroupConversation'
  | 'seatGroupMembers'
  | 'unseatGroupMember'
  | 'renameGroupConversation'
  | 'closeGroupConversation'
  | 'findGroupSeats'
>;

// Members looked at per step when filling seats: seated members come first in the list's order, so
// a full chat of 500 is walked in a few steps.
const FILL_PAGE = 200;

/**
 * Each group's chat, kept to its members. It seats up to `seats` of them (GROUP_MAX_MEMBERS, the cap
 * of any group conversation): while it has room every member has a seat; once it is full newcomers
 * wait, and a seat freed by someone leaving goes to the first waiting member in the members list's
 * order (owner, admins, moderators, members, longest-serving first). Nobody loses a seat to someone
 * else. Every call runs in the transaction that changes the group's members, after it has locked the
 * group's row, so seats change in the same order as memberships and commit with them.
 */
export function createGroupChat({ chat, seats }: { chat: GroupConversations; seats: number }) {
  /** Seats members in the list's order, skipping those seated, while there is room. */
  async function fill(tx: Transaction, emit: Emit, groupId: string, conversationId: string): Promise<void> {
    let after: MemberPosition | undefined;
    for (;;) {
      const page = await listMemberPositions(tx, groupId, after, FILL_PAGE);
      const { free } = await chat.seatGroupMembers(
        tx,
        emit,
        conversationId,
        page.map((m) => m.userId),
        seats,
      );
      if (free === 0 || page.length < FILL_PAGE) return;
      after = page.at(-1);
    }
  }

  /**
   * The group's chat. Every group gets one as it starts (and migration 0019 opened those of older
   * groups); one missing for any other reason is opened now, with the members seated.
   */
  async function conversationOf(tx: Transaction, emit: Emit, groupId: string): Promise<string> {
    const existing = await chat.findGroupConversationId(tx, groupId);
    if (existing) return existing;
    const group = await findGroupForChat(tx, groupId);
    if (!group) throw errors.notFound('Group');
    const id = await chat.openGroupConversation(tx, {
      groupId,
      name: group.name,
      createdById: group.ownerId,
    });
    await fill(tx, emit, groupId, id);
    return id;
  }

  return {
    /** Opens a new group's chat, with its members (its owner) seated. */
    open: async (tx: Transaction, emit: Emit, groupId: string): Promise<void> => {
      await conversationOf(tx, emit, groupId);
    },

    /** Seats dancers who just became members, in the order given, while the chat has room. */
    async seat(tx: Transaction, emit: Emit, groupId: string, userIds: string[]): Promise<void> {
      if (userIds.length === 0) return;
      await chat.seatGroupMembers(tx, emit, await conversationOf(tx, emit, groupId), userIds, seats);
    },

    /**
     * Takes the seat of a dancer who is no longer a member (call it once the membership is gone);
     * the first waiting member, if any, takes it.
     */
    async unseat(tx: Transaction, emit: Emit, groupId: string, userId: string): Promise<void> {
      const conversationId = await chat.findGroupConversationId(tx, groupId);
      if (!conversationId) return;
      const { unseated, remaining } = await chat.unseatGroupMember(tx, emit, conversationId, userId);
      if (!unseated) return;
      const group = await findGroupForChat(tx, groupId);
      // Everyone in the chat is a member: more members than seats taken means someone waits.
      if (group && group.memberCount > remaining) await fill(tx, emit, groupId, conversationId);
    },

    /** Names the chat after the renamed group. */
    async rename(tx: Transaction, emit: Emit, groupId: string, name: string): Promise<void> {
      const conversationId = await chat.findGroupConversationId(tx, groupId);
      if (conversationId) await chat.renameGroupConversation(tx, emit, conversationId, name);
    },

    /** Deletes the chat of a group being deleted, telling those who were in it. */
    async close(tx: Transaction, emit: Emit, groupId: string): Promise<void> {
      const conversationId = await chat.findGroupConversationId(tx, groupId);
      if (conversationId) await chat.closeGroupConversation(tx, emit, conversationId);
    },

    /** Of these groups, the chats the viewer sits in, by group id; none for anonymous viewers. */
    async seatsOf(viewerId: string | null, groupIds: string[]): Promise<Map<string, string>> {
      return viewerId === null ? new Map() : chat.findGroupSeats(viewerId, groupIds);
    },
  };
}

export type GroupChat = ReturnType<typeof createGroupChat>;
