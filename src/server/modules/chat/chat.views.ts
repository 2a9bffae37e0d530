import {
  MEMBER_PREVIEW_SIZE,
  type Conversation,
  type ConversationMember,
  type Message,
} from '../../../contract/chat.ts';
import { allQueries, type Executor } from '../../db/client.ts';
import type { MessageRow } from '../../db/schema/index.ts';
import type { Cursor } from '../../lib/pagination.ts';
import { toUserSummary } from '../users/users.service.ts';
import { listConversationRows, type ConversationListRow } from './conversations.repo.ts';
import { countMembers, listMemberPreviews, type MemberView } from './members.repo.ts';
import { countHiddenUnread, listLastVisibleMessages } from './visible.repo.ts';

/** The API shape; a deleted message keeps its place in the history but loses its text. */
export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    senderId: row.senderId,
    seq: row.seq,
    body: row.deletedAt ? '' : row.body,
    clientMessageId: row.clientMessageId,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

export function toMember(m: MemberView): ConversationMember {
  return { ...toUserSummary(m), role: m.role };
}

/**
 * Conversations as one member sees them, with members, last message and unread count, in row order.
 * Messages of anyone in a block with the viewer are neither the last message nor unread.
 */
export async function toConversations(
  db: Executor,
  viewerId: string,
  rows: ConversationListRow[],
): Promise<Conversation[]> {
  const ids = rows.map((r) => r.id);
  const [members, counts, lastMessages, hiddenUnread] = await allQueries(db, [
    () => listMemberPreviews(db, ids, MEMBER_PREVIEW_SIZE),
    () => countMembers(db, ids),
    () => listLastVisibleMessages(db, viewerId, ids),
    () =>
      countHiddenUnread(
        db,
        viewerId,
        rows.filter((r) => r.lastSeq > r.readSeq).map((r) => ({ conversationId: r.id, readSeq: r.readSeq })),
      ),
  ]);
  const lastById = new Map(lastMessages.map((m) => [m.conversationId, m]));
  const membersById = new Map<string, ConversationMember[]>();
  for (const m of members) {
    const list = membersById.get(m.conversationId) ?? [];
    list.push(toMember(m));
    membersById.set(m.conversationId, list);
  }
  return rows.map((r) => {
    const last = lastById.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      groupId: r.groupId,
      members: membersById.get(r.id) ?? [],
      memberCount: counts.get(r.id) ?? 0,
      lastMessage: last ? toMessage(last) : null,
      // The sender's read mark moves with each message they send, so their own never count.
      unreadCount: Math.max(0, r.lastSeq - r.readSeq - (hiddenUnread.get(r.id) ?? 0)),
      lastActivityAt: r.activityAt.toISOString(),
    };
  });
}

/** One conversation as a member sees it; undefined when the user is not a member. */
export async function findConversationView(
  db: Executor,
  userId: string,
  conversationId: string,
): Promise<Conversation | undefined> {
  const rows = await listConversationRows(db, { userId, ids: [conversationId], limit: 1 });
  const [view] = await toConversations(db, userId, rows.slice(0, 1));
  return view;
}

/** The keyset position of a conversation in the activity order. */
export function activityCursor(row: ConversationListRow): Cursor & ConversationListRow {
  return { ...row, createdAt: row.activityAt };
}
