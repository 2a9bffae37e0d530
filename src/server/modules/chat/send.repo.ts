import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import type { MessageRow } from '../../db/schema/index.ts';
import { newId } from '../../lib/ids.ts';
import { blockPartnersOf } from '../../db/relation-predicates.ts';

export interface SendParams {
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  body: string;
  at: Date;
}

export type SendOutcome =
  | { kind: 'not-member' }
  | { kind: 'existing'; messageId: string }
  | { kind: 'blocked' }
  | { kind: 'sent'; row: MessageRow; memberIds: string[] };

/**
 * Sending, in one statement (one round trip, prepared on PostgreSQL): membership, the retry
 * lookup by client id, the block check of a direct conversation, the next seq (the update locks
 * the conversation row, so concurrent sends are numbered one after the other without gaps), the
 * insert, the sender's read mark, and the members to push to (not those in a block with the sender).
 * A concurrent retry with the same client id that commits first makes the insert fail on
 * messages_client_id_key; the caller then finds the message it made.
 */
export async function sendInOneStatement(db: Executor, p: SendParams): Promise<SendOutcome> {
  const [row] = await queryRows(db, sendStatement(p, newId()));
  if (!row || row.is_member !== true) return { kind: 'not-member' };
  if (typeof row.existing_id === 'string') return { kind: 'existing', messageId: row.existing_id };
  if (row.is_blocked === true) return { kind: 'blocked' };
  // Nothing inserted otherwise: the conversation was deleted while the statement ran.
  if (typeof row.id !== 'string') return { kind: 'not-member' };
  return {
    kind: 'sent',
    row: {
      id: row.id,
      conversationId: p.conversationId,
      senderId: p.senderId,
      seq: Number(row.seq),
      body: p.body,
      clientMessageId: p.clientMessageId,
      createdAt: row.created_at instanceof Date ? row.created_at : new Date(String(row.created_at)),
      editedAt: null,
      deletedAt: null,
      changeSeq: null,
    },
    memberIds: parseUuidArray(row.member_ids),
  };
}

/** A uuid[] as the driver hands it over: an array (node-postgres, PGlite) or its text form. */
function parseUuidArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .replace(/^\{|\}$/g, '')
      .split(',')
      .filter(Boolean);
  return [];
}

/** The statement behind sendInOneStatement, with `id` for the new message (exported for plan tests). */
export function sendStatement(p: SendParams, id: string): SQL {
  const conv = sql`${p.conversationId}::uuid`;
  const sender = sql`${p.senderId}::uuid`;
  return sql`    with member as (
      select c.id, c.direct_key
      from conversation_members m
      join conversations c on c.id = m.conversation_id
      where m.conversation_id = ${conv} and m.user_id = ${sender}
    ),
    existing as (
      select id from messages
      where conversation_id = ${conv} and sender_id = ${sender} and client_message_id = ${p.clientMessageId}::text
    ),
    other as (
      select (case when split_part(direct_key, ':', 1) = ${sender}::text
                   then split_part(direct_key, ':', 2) else split_part(direct_key, ':', 1) end)::uuid as id
      from member where direct_key is not null
    ),
    blocked as (
      select 1 from other, blocks b
      where (b.blocker_id = ${sender} and b.blocked_id = other.id)
         or (b.blocker_id = other.id and b.blocked_id = ${sender})
    ),
    next as (
      update conversations c
      set last_seq = c.last_seq + 1, last_message_at = ${p.at}::timestamptz, updated_at = ${p.at}::timestamptz
      from member
      where c.id = member.id and not exists (select 1 from existing) and not exists (select 1 from blocked)
      returning c.last_seq as seq
    ),
    inserted as (
      insert into messages (id, conversation_id, sender_id, seq, body, client_message_id, created_at)
      select ${id}::uuid, ${conv}, ${sender}, seq, ${p.body}::text, ${p.clientMessageId}::text, ${p.at}::timestamptz
      from next
      returning id, seq, created_at
    ),
    read_mark as (
      update conversation_members m set read_seq = greatest(m.read_seq, inserted.seq)
      from inserted
      where m.conversation_id = ${conv} and m.user_id = ${sender}
    )
    select
      exists (select 1 from member) as is_member,
      (select id from existing) as existing_id,
      exists (select 1 from blocked) as is_blocked,
      inserted.id, inserted.seq, inserted.created_at,
      case when inserted.id is not null then
        (select array_agg(user_id) from conversation_members
         where conversation_id = ${conv} and user_id not in ${blockPartnersOf(sender)})
      end as member_ids
    from (select 1) as one
    left join inserted on true`;
}
