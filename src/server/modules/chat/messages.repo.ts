import { and, asc, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { conversations, messages, type MessageRow } from '../../db/schema/index.ts';

/**
 * Takes the next number of the conversation. The update locks the row, so concurrent sends
 * are numbered one after the other, without gaps, until the transaction ends.
 */
export async function takeNextSeq(db: Executor, conversationId: string, at: Date): Promise<number> {
  const [row] = await db
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastMessageAt: at, updatedAt: at })
    .where(eq(conversations.id, conversationId))
    .returning({ lastSeq: conversations.lastSeq });
  if (!row) throw new Error(`conversation ${conversationId} vanished while sending`);
  return row.lastSeq;
}

export async function insertMessage(
  db: Executor,
  values: Pick<MessageRow, 'conversationId' | 'senderId' | 'seq' | 'body' | 'clientMessageId' | 'createdAt'>,
): Promise<MessageRow> {
  const [row] = await db.insert(messages).values(values).returning();
  if (!row) throw new Error('insert into messages returned no row');
  return row;
}

export async function findMessage(db: Executor, id: string): Promise<MessageRow | undefined> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id)).limit(1);
  return row;
}

export async function findMessageBySeq(
  db: Executor,
  conversationId: string,
  seq: number,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.seq, seq)))
    .limit(1);
  return row;
}

export async function findMessageByClientId(
  db: Executor,
  conversationId: string,
  senderId: string,
  clientMessageId: string,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.senderId, senderId),
        eq(messages.clientMessageId, clientMessageId),
      ),
    )
    .limit(1);
  return row;
}

/** Undefined when the message is gone or already deleted. */
export async function updateMessageBody(
  db: Executor,
  id: string,
  body: string,
  at: Date,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .update(messages)
    .set({ body, editedAt: at })
    .where(and(eq(messages.id, id), isNull(messages.deletedAt)))
    .returning();
  return row;
}

/** Undefined when the message is gone or already deleted. The stored body stays (the check keeps it non-empty). */
export async function softDeleteMessage(db: Executor, id: string, at: Date): Promise<MessageRow | undefined> {
  const [row] = await db
    .update(messages)
    .set({ deletedAt: at })
    .where(and(eq(messages.id, id), isNull(messages.deletedAt)))
    .returning();
  return row;
}

export interface HistoryFilter {
  conversationId: string;
  /** Newest first, strictly older than this seq. */
  beforeSeq?: number | undefined;
  /** Oldest first, strictly newer than this seq. */
  afterSeq?: number | undefined;
  limit: number;
}

/** A page of history through messages_conversation_seq_key; one extra row signals "more". */
export function listMessagesQuery(db: Executor, f: HistoryFilter) {
  const ascending = f.afterSeq !== undefined;
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, f.conversationId),
        f.afterSeq === undefined ? undefined : gt(messages.seq, f.afterSeq),
        f.beforeSeq === undefined ? undefined : lt(messages.seq, f.beforeSeq),
      ),
    )
    .orderBy(ascending ? asc(messages.seq) : desc(messages.seq))
    .limit(f.limit + 1);
}

export async function listMessages(db: Executor, f: HistoryFilter): Promise<MessageRow[]> {
  return listMessagesQuery(db, f);
}
