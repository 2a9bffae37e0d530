import { GROUP_MAX_MEMBERS, type Conversation, type MemberWithMarks } from '../../../contract/chat.ts';
import type { Database, Transaction } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type EventBus } from '../../lib/events.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import { deleteConversation, lockConversation, renameConversation } from './conversations.repo.ts';
import {
  deleteMember,
  findMember,
  insertMembers,
  listMemberRows,
  listMembersQuery,
  setMemberRole,
} from './members.repo.ts';
import { assertAccepted, assertNoBlockInGroup, loadAsMember, loadReach, loadView } from './chat.access.ts';
import { toMember } from './chat.views.ts';

interface ChatMembersDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
}

export const GROUP_CHAT_FOLLOWS_GROUP_MESSAGE =
  "This is a group's chat: its members and name follow the group's (join, leave or rename the group).";

/**
 * Group membership and naming: admins decide, a member may leave. Direct conversations never change,
 * nor here does a group's chat (chat.group-conversations.ts keeps it to the group).
 */
export function createChatMembers({ db, events, clock }: ChatMembersDeps) {
  /** Locks the group for the change and returns the actor's membership; direct or a group's chat → CONFLICT. */
  async function loadGroup(tx: Transaction, actor: Actor, conversationId: string) {
    const conversation = await lockConversation(tx, conversationId);
    const member = conversation && (await findMember(tx, conversationId, actor.userId));
    if (!conversation || !member) throw errors.notFound('Conversation');
    if (conversation.kind === 'direct') {
      throw errors.conflict("A direct conversation's members and name cannot change.");
    }
    if (conversation.groupId !== null) throw errors.conflict(GROUP_CHAT_FOLLOWS_GROUP_MESSAGE);
    return { conversation, member };
  }

  return {
    /** A page of the members of one of the actor's conversations, in joining order. */
    async listMembers(actor: Actor, conversationId: string, page: PageQuery): Promise<Page<MemberWithMarks>> {
      await loadAsMember(db, actor.userId, conversationId);
      const rows = await listMembersQuery(db, { conversationId, cursor: cursorOf(page), limit: page.limit });
      const { items, meta } = toPage(
        rows.map((r) => ({ ...r, createdAt: r.joinedAt })),
        page.limit,
      );
      return {
        items: items.map((m) => ({ ...toMember(m), readSeq: m.readSeq, deliveredSeq: m.deliveredSeq })),
        meta,
      };
    },

    /**
     * Adds dancers to a group (admins); those already in are left as they are. Each newcomer's
     * directMessages setting must accept the admin, and no block may stand between a newcomer and
     * anyone else in the group.
     */
    async addMembers(actor: Actor, conversationId: string, userIds: string[]): Promise<Conversation> {
      return transact(db, events, async (tx, emit) => {
        const { conversation, member } = await loadGroup(tx, actor, conversationId);
        if (member.role !== 'admin') throw errors.forbidden('Only admins can add members.');
        const current = (await listMemberRows(tx, conversationId)).map((m) => m.userId);
        const requested = userIds.map((id) => id.toLowerCase());
        const fresh = [...new Set(requested)].filter((id) => !current.includes(id));
        const reach = await loadReach(tx, actor.userId, fresh);
        await assertNoBlockInGroup(tx, reach, current);
        assertAccepted(reach, 'body.userIds', requested);
        if (current.length + fresh.length > GROUP_MAX_MEMBERS) {
          throw errors.conflict(`A group holds at most ${GROUP_MAX_MEMBERS} members.`);
        }
        // Newcomers can read the history, but it does not count as unread for them.
        await insertMembers(
          tx,
          conversationId,
          fresh.map((userId) => ({ userId, role: 'member' as const, readSeq: conversation.lastSeq })),
        );
        if (fresh.length > 0) {
          emit('conversation.changed', { conversationId, userIds: [...current, ...fresh], at: clock.now() });
        }
        return loadView(tx, actor.userId, conversationId);
      });
    },

    /**
     * Takes a member out of a group: admins remove anyone, a member removes themself (leaves).
     * The earliest member left becomes admin when the last admin goes; an empty group is deleted.
     */
    async removeMember(actor: Actor, conversationId: string, userId: string): Promise<void> {
      await transact(db, events, async (tx, emit) => {
        const { member } = await loadGroup(tx, actor, conversationId);
        if (userId !== actor.userId && member.role !== 'admin') {
          throw errors.forbidden('Only admins can remove other members.');
        }
        if (!(await deleteMember(tx, conversationId, userId))) throw errors.notFound('Member');
        const remaining = await listMemberRows(tx, conversationId);
        const [first] = remaining;
        if (!first) {
          await deleteConversation(tx, conversationId);
        } else if (!remaining.some((m) => m.role === 'admin')) {
          await setMemberRole(tx, conversationId, first.userId, 'admin');
        }
        const userIds = [...remaining.map((m) => m.userId), userId];
        emit('conversation.changed', { conversationId, userIds, at: clock.now() });
      });
    },

    /** Renames a group (admins). */
    async rename(actor: Actor, conversationId: string, name: string): Promise<Conversation> {
      return transact(db, events, async (tx, emit) => {
        const { member } = await loadGroup(tx, actor, conversationId);
        if (member.role !== 'admin') throw errors.forbidden('Only admins can rename a group.');
        const at = clock.now();
        await renameConversation(tx, conversationId, name, at);
        const userIds = (await listMemberRows(tx, conversationId)).map((m) => m.userId);
        emit('conversation.changed', { conversationId, userIds, at });
        return loadView(tx, actor.userId, conversationId);
      });
    },
  };
}
