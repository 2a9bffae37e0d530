import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { conversationMembers, conversations, type ConversationRow } from '../../db/schema/index.ts';
import type { Cursor } from '../../lib/pagination.ts';

// Conversations: the list by activity and the rows themselves.

// Conversations are ordered by their last activity: the last message, else the creation.
const activityAt = sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;

export interface ConversationListRow {
  id: string;
  kind: ConversationRow['kind'];
  name: string | null;
  groupId: string | null;
  lastSeq: number;
  readSeq: number;
  activityAt: Date;
}

/** The user's conversations, most recent activity first, from conversation_members_user_idx. */
export function listConversationsQuery(
  db: Executor,
  f: { userId: string; cursor?: Cursor | undefined; ids?: string[] | undefined; limit: number },
) {
  const conditions: (SQL | undefined)[] = [
    eq(conversationMembers.userId, f.userId),
    f.ids === undefined ? undefined : inArray(conversationMembers.conversationId, f.ids),
    f.cursor === undefined
      ? undefined
      : sql`(${activityAt}, ${conversations.id}) < (${f.cursor.createdAt.toISOString()}::timestamptz, ${f.cursor.id}::uuid)`,
  ];
  return db
    .select({
      id: conversations.id,
      kind: conversations.kind,
      name: conversations.name,
      groupId: conversations.groupId,
      lastSeq: conversations.lastSeq,
      readSeq: conversationMembers.readSeq,
      activityAt: activityAt.mapWith(conversations.createdAt),
    })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(and(...conditions))
    .orderBy(desc(activityAt), desc(conversations.id))
    .limit(f.limit + 1);
}

export async function listConversationRows(
  db: Executor,
  f: Parameters<typeof listConversationsQuery>[1],
): Promise<ConversationListRow[]> {
  return listConversationsQuery(db, f);
}

export async function findConversation(db: Executor, id: string): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  return row;
}

/** Locks the conversation row until the transaction ends; serialises member changes. */
export async function lockConversation(db: Executor, id: string): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).for('update');
  return row;
}

export async function findDirectConversation(
  db: Executor,
  directKey: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.directKey, directKey)).limit(1);
  return row;
}

/**
 * Undefined when a direct conversation with this key, or the group's chat, already exists (or is
 * being created).
 */
export async function insertConversation(
  db: Executor,
  values: Pick<ConversationRow, 'kind' | 'name' | 'directKey' | 'createdById' | 'createdAt'> &
    Partial<Pick<ConversationRow, 'groupId'>>,
): Promise<ConversationRow | undefined> {
  const [row] = await db
    .insert(conversations)
    .values({ ...values, updatedAt: values.createdAt })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function renameConversation(db: Executor, id: string, name: string, at: Date): Promise<void> {
  await db.update(conversations).set({ name, updatedAt: at }).where(eq(conversations.id, id));
}

export async function deleteConversation(db: Executor, id: string): Promise<void> {
  await db.delete(conversations).where(eq(conversations.id, id));
}

/** A group's chat, through conversations_group_id_key. */
export async function findGroupConversation(
  db: Executor,
  groupId: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.groupId, groupId)).limit(1);
  return row;
}

/** Of these groups, the chats the user has a seat in, as (group id, conversation id) pairs. */
export async function listGroupSeats(
  db: Executor,
  userId: string,
  groupIds: string[],
): Promise<{ groupId: string; conversationId: string }[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .select({ groupId: conversations.groupId, conversationId: conversations.id })
    .from(conversations)
    .innerJoin(
      conversationMembers,
      and(eq(conversationMembers.conversationId, conversations.id), eq(conversationMembers.userId, userId)),
    )
    .where(inArray(conversations.groupId, groupIds));
  return rows.flatMap((r) =>
    r.groupId === null ? [] : [{ groupId: r.groupId, conversationId: r.conversationId }],
  );
}
