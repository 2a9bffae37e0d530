import type { Conversation, CreateConversationBody } from '../../../contract/chat.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { transact, type EventBus } from '../../lib/events.ts';
import { cursorOf, toPage, type Page, type PageQuery } from '../../lib/pagination.ts';
import {
  assertAccepted,
  assertNoBlockInGroup,
  assertNotBlocked,
  loadReach,
  loadView,
} from './chat.access.ts';
import { activityCursor, toConversations } from './chat.views.ts';
import { findDirectConversation, insertConversation, listConversationRows } from './conversations.repo.ts';
import { insertMembers } from './members.repo.ts';

interface ChatConversationsDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
}

/** The one key of a pair's direct conversation, whoever of the two starts it. */
export function directKeyOf(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** Starting conversations (direct, group) and reading the actor's list of them. */
export function createChatConversations({ db, events, clock }: ChatConversationsDeps) {
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
      if (existing) return { conversation: await loadView(tx, actor.userId, existing.id), created: false };
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
      return { conversation: await loadView(tx, actor.userId, row.id), created: inserted !== undefined };
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
      return loadView(tx, actor.userId, row.id);
    });
  }

  /** As createConversation, telling whether it was made now (false: the pair's existing one). */
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
    openConversation,

    /** Starts a direct conversation (or returns the pair's existing one) or a group. */
    async createConversation(actor: Actor, body: CreateConversationBody): Promise<Conversation> {
      return (await openConversation(actor, body)).conversation;
    },

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
      return loadView(db, actor.userId, conversationId);
    },
  };
}
