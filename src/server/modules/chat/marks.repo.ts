import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import { conversationMembers } from '../../db/schema/index.ts';
import { pgErrorCode } from '../../lib/pg-errors.ts';
import { blockedEitherWay } from '../../db/relation-predicates.ts';

// Each member's marks: "read up to" and "delivered up to", which only ever rise.

/** Moves the member's read mark forward only; returns the mark as it stands afterwards. */
export async function raiseReadSeq(
  db: Executor,
  conversationId: string,
  userId: string,
  seq: number,
): Promise<number | undefined> {
  const [row] = await db
    .update(conversationMembers)
    .set({ readSeq: sql`greatest(${conversationMembers.readSeq}, ${seq})` })
    .where(
      and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)),
    )
    .returning({ readSeq: conversationMembers.readSeq });
  return row?.readSeq;
}

export interface DeliveryMark {
  conversationId: string;
  userId: string;
  seq: number;
}

/** A recipient whose "delivered up to" mark rose over messages of this sender. */
export interface RaisedDelivery {
  conversationId: string;
  senderId: string;
  userId: string;
  deliveredSeq: number;
}

/** How far back a raised mark looks for the senders to tell: a long-offline member's jump is capped. */
export const DELIVERED_SENDERS_WINDOW = 500;

/**
 * Raises each member's "delivered up to" mark (never lowers it, never past the conversation's last
 * message), all in one statement, and returns, for every mark that rose, the senders of the messages
 * it now covers who are still members and not in a block with the recipient (the recipient left out).
 * "Rose" is judged from the statement's snapshot: if another instance raised the same mark meanwhile,
 * both may report it, so pushes can repeat a mark or come out of order, and clients keep the highest.
 * Non-members' marks are dropped.
 * Rows are written in key order, so two instances writing overlapping batches cannot deadlock.
 */
export async function raiseDeliveredSeqs(db: Executor, marks: DeliveryMark[]): Promise<RaisedDelivery[]> {
  const statement = raiseDeliveredStatement(marks);
  let rows: Record<string, unknown>[];
  try {
    rows = await queryRows(db, statement);
  } catch (err) {
    // A member removed between the lookup and the insert (23503), or a deadlock with a conversation
    // being deleted (40P01): the retry no longer sees them.
    const code = pgErrorCode(err);
    if (code !== '23503' && code !== '40P01') throw err;
    rows = await queryRows(db, statement);
  }
  return rows.map((r) => ({
    conversationId: String(r.conversation_id),
    senderId: String(r.sender_id),
    userId: String(r.user_id),
    deliveredSeq: Number(r.delivered_seq),
  }));
}

/** The statement behind raiseDeliveredSeqs (exported for plan tests). */
export function raiseDeliveredStatement(marks: DeliveryMark[]): SQL {
  // No CTE is joined to another (the planner cannot size them, and a nested loop over two would
  // compare every pair): v carries each mark's stored value, read by key, to the final select.
  return sql`
    with v as (
      select v.conversation_id, v.user_id,
        least(v.seq, (select c.last_seq from conversations c where c.id = v.conversation_id)) as seq,
        (select d.delivered_seq from conversation_deliveries d
         where d.conversation_id = v.conversation_id and d.user_id = v.user_id) as before_seq
      from (
        -- One row per key, whatever the input (an upsert may touch a row only once).
        select conversation_id, user_id, max(seq) as seq
        from unnest(
          ${sql.param(marks.map((m) => m.conversationId))}::uuid[],
          ${sql.param(marks.map((m) => m.userId))}::uuid[],
          ${sql.param(marks.map((m) => m.seq))}::bigint[]
        ) as u(conversation_id, user_id, seq)
        group by conversation_id, user_id
      ) v
      -- A lookup per mark (the limit keeps it one): members only.
      cross join lateral (
        select 1 from conversation_members m
        where m.conversation_id = v.conversation_id and m.user_id = v.user_id
        limit 1
      ) member
    ),
    raised as (
      insert into conversation_deliveries (conversation_id, user_id, delivered_seq)
      -- In key order, so two instances writing overlapping batches cannot deadlock.
      select conversation_id, user_id, seq from v where seq > 0 order by conversation_id, user_id
      on conflict (conversation_id, user_id) do update set delivered_seq = excluded.delivered_seq
      where conversation_deliveries.delivered_seq < excluded.delivered_seq
    )
    select v.conversation_id, s.sender_id, v.user_id, v.seq as delivered_seq
    from v
    -- Per raised mark, an index range over just the messages it newly covers.
    cross join lateral (
      select senders.sender_id
      from (
        select distinct msg.sender_id
        from messages msg
        where msg.conversation_id = v.conversation_id
          and msg.seq > greatest(coalesce(v.before_seq, 0), v.seq - ${DELIVERED_SENDERS_WINDOW})
          and msg.seq <= v.seq
          and msg.sender_id <> v.user_id
      ) senders
      -- Only senders still in the conversation hear about it, and none the recipient never sees.
      where exists (
        select 1 from conversation_members sm
        where sm.conversation_id = v.conversation_id and sm.user_id = senders.sender_id
      ) and not ${blockedEitherWay(sql`v.user_id`, sql`senders.sender_id`)}
    ) s
    where v.seq > coalesce(v.before_seq, 0)`;
}
