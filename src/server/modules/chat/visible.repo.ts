import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import { conversationMembers, messages, type MessageRow } from '../../db/schema/index.ts';
import { blockPartnersOf } from '../../db/relation-predicates.ts';

// A block hides each one's messages from the other in every conversation they share: these are the
// queries that leave them out of what a member is shown or sent.

/** True when `other` (a column) is not in a block with the user, either way. */
export function notInBlockWith(userId: string, other: SQL | { getSQL(): SQL }): SQL {
  return sql`${other} not in ${blockPartnersOf(sql`${userId}::uuid`)}`;
}

/**
 * The last message of each of these conversations that the viewer may see: a backward scan of
 * messages_conversation_seq_key per conversation, stopping at the first one not from a block partner.
 */
export function listLastVisibleMessagesQuery(db: Executor, viewerId: string, conversationIds: string[]) {
  return db
    .select()
    .from(messages)
    .where(
      sql`${messages.id} in (
        select lm.id from unnest(${sql.param(conversationIds)}::uuid[]) as c(id)
        cross join lateral (
          select m.id from messages m
          where m.conversation_id = c.id and ${notInBlockWith(viewerId, sql`m.sender_id`)}
          order by m.seq desc
          limit 1
        ) lm
      )`,
    );
}

export async function listLastVisibleMessages(
  db: Executor,
  viewerId: string,
  conversationIds: string[],
): Promise<MessageRow[]> {
  if (conversationIds.length === 0) return [];
  return listLastVisibleMessagesQuery(db, viewerId, conversationIds);
}

/**
 * Per conversation, how many messages after the viewer's read mark come from their block partners:
 * a count by (conversation, sender) through messages_client_id_key per conversation and partner,
 * never a scan of the unread, and nothing at all for a viewer without blocks.
 */
export function countHiddenUnreadStatement(
  viewerId: string,
  marks: { conversationId: string; readSeq: number }[],
): SQL {
  return sql`
    select c.id as conversation_id, sum(h.hidden) as hidden
    from unnest(
      ${sql.param(marks.map((m) => m.conversationId))}::uuid[],
      ${sql.param(marks.map((m) => m.readSeq))}::bigint[]
    ) as c(id, read_seq)
    cross join ${blockPartnersOf(sql`${viewerId}::uuid`)} as p(id)
    cross join lateral (
      select count(*) as hidden from messages m
      where m.conversation_id = c.id and m.sender_id = p.id and m.seq > c.read_seq
    ) h
    group by c.id`;
}

export async function countHiddenUnread(
  db: Executor,
  viewerId: string,
  marks: { conversationId: string; readSeq: number }[],
): Promise<Map<string, number>> {
  if (marks.length === 0) return new Map();
  const rows = await queryRows(db, countHiddenUnreadStatement(viewerId, marks));
  return new Map(rows.map((r) => [String(r.conversation_id), Number(r.hidden)]));
}

/** The members who may see this sender's messages: all but those in a block with them. */
export function listRecipientIdsQuery(db: Executor, conversationId: string, senderId: string) {
  return db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        notInBlockWith(senderId, conversationMembers.userId),
      ),
    );
}

export async function listRecipientIds(
  db: Executor,
  conversationId: string,
  senderId: string,
): Promise<string[]> {
  return (await listRecipientIdsQuery(db, conversationId, senderId)).map((r) => r.userId);
}
