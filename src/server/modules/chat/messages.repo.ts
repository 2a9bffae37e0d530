import { and, asc, desc, eq, gt, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { conversations, messages, type MessageRow } from '../../db/schema/index.ts';
import { notInBlockWith } from './visible.repo.ts';

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

/**
 * Numbers an edit or delete in the conversation. Like a send (send.repo.ts) it locks the conversation row until
 * the transaction ends, so a watermark read from a committed row covers every change numbered below it.
 */
export async function takeNextChangeSeq(db: Executor, conversationId: string): Promise<number> {
  const [row] = await db
    .update(conversations)
    .set({ lastChangeSeq: sql`${conversations.lastChangeSeq} + 1` })
    .where(eq(conversations.id, conversationId))
    .returning({ lastChangeSeq: conversations.lastChangeSeq });
  if (!row) throw new Error(`conversation ${conversationId} vanished while changing a message`);
  return row.lastChangeSeq;
}

/** Undefined when the message is gone or already deleted. */
export async function updateMessageBody(
  db: Executor,
  id: string,
  body: string,
  at: Date,
  changeSeq: number,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .update(messages)
    .set({ body, editedAt: at, changeSeq })
    .where(and(eq(messages.id, id), isNull(messages.deletedAt)))
    .returning();
  return row;
}

/** Undefined when the message is gone or already deleted. The stored body stays (the check keeps it non-empty). */
export async function softDeleteMessage(
  db: Executor,
  id: string,
  at: Date,
  changeSeq: number,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .update(messages)
    .set({ deletedAt: at, changeSeq })
    .where(and(eq(messages.id, id), isNull(messages.deletedAt)))
    .returning();
  return row;
}

export interface HistoryFilter {
  conversationId: string;
  /** Who reads: messages from anyone in a block with them are left out. */
  viewerId: string;
  /** Newest first, strictly older than this seq. */
  beforeSeq?: number | undefined;
  /** Oldest first, strictly newer than this seq. */
  afterSeq?: number | undefined;
  limit: number;
}

/**
 * A page of history through messages_conversation_seq_key, without the messages of the viewer's block
 * partners; one extra row signals "more".
 */
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
        notInBlockWith(f.viewerId, messages.senderId),
      ),
    )
    .orderBy(ascending ? asc(messages.seq) : desc(messages.seq))
    .limit(f.limit + 1);
}

export async function listMessages(db: Executor, f: HistoryFilter): Promise<MessageRow[]> {
  return listMessagesQuery(db, f);
}

export interface ChangesFilter {
  conversationId: string;
  /** Who reads: messages from anyone in a block with them are left out. */
  viewerId: string;
  /** Changes numbered above this and at most upToChangeSeq… */
  afterChangeSeq: number;
  upToChangeSeq: number;
  /** …of messages at or before this seq. */
  upToSeq: number;
  limit: number;
}

/**
 * Messages edited or deleted within a window of change numbers, in change order, through the partial
 * messages_conversation_change_seq_key; one extra row signals "more".
 */
export function listChangedMessagesQuery(db: Executor, f: ChangesFilter) {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, f.conversationId),
        gt(messages.changeSeq, f.afterChangeSeq),
        lte(messages.changeSeq, f.upToChangeSeq),
        lte(messages.seq, f.upToSeq),
        notInBlockWith(f.viewerId, messages.senderId),
      ),
    )
    .orderBy(asc(messages.changeSeq))
    .limit(f.limit + 1);
}

export async function listChangedMessages(db: Executor, f: ChangesFilter): Promise<MessageRow[]> {
  return listChangedMessagesQuery(db, f);
}
