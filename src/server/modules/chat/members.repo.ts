import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import {
  conversationDeliveries,
  conversationMembers,
  users,
  type ConversationMemberRow,
  type MemberRole,
} from '../../db/schema/index.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';

// Who is in a conversation: previews and pages of members, and membership changes.

export interface MemberView {
  conversationId: string;
  role: MemberRole;
  id: string;
  username: string;
  displayName: string;
}

/**
 * Up to `perConversation` members of each of these conversations with their user summaries:
 * admins first, then in joining order (what a conversation list shows).
 */
export async function listMemberPreviews(
  db: Executor,
  conversationIds: string[],
  perConversation: number,
): Promise<MemberView[]> {
  if (conversationIds.length === 0) return [];
  const rows = await queryRows(
    db,
    sql`
    select c.id as conversation_id, p.role, p.user_id, p.username, p.display_name
    from unnest(${sql.param(conversationIds)}::uuid[]) as c(id)
    cross join lateral (
      select m.role, m.user_id, u.username, u.display_name
      from conversation_members m
      join users u on u.id = m.user_id
      where m.conversation_id = c.id
      order by m.role = 'admin' desc, m.created_at, m.user_id
      limit ${perConversation}
    ) as p`,
  );
  return rows.map((r) => ({
    conversationId: String(r.conversation_id),
    role: r.role === 'admin' ? 'admin' : 'member',
    id: String(r.user_id),
    username: String(r.username),
    displayName: String(r.display_name),
  }));
}

/** How many members each of these conversations has. */
export async function countMembers(db: Executor, conversationIds: string[]): Promise<Map<string, number>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db
    .select({ conversationId: conversationMembers.conversationId, count: count() })
    .from(conversationMembers)
    .where(inArray(conversationMembers.conversationId, conversationIds))
    .groupBy(conversationMembers.conversationId);
  return new Map(rows.map((r) => [r.conversationId, r.count]));
}

/** One page of a conversation's members in joining order (keyset on joined_at, user id). */
export function listMembersQuery(
  db: Executor,
  f: { conversationId: string; cursor: Cursor | undefined; limit: number },
) {
  return db
    .select({
      conversationId: conversationMembers.conversationId,
      role: conversationMembers.role,
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      joinedAt: conversationMembers.joinedAt,
      readSeq: conversationMembers.readSeq,
      deliveredSeq: sql<number>`coalesce(${conversationDeliveries.deliveredSeq}, 0)`.mapWith(Number),
    })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .leftJoin(
      conversationDeliveries,
      and(
        eq(conversationDeliveries.conversationId, conversationMembers.conversationId),
        eq(conversationDeliveries.userId, conversationMembers.userId),
      ),
    )
    .where(
      and(
        eq(conversationMembers.conversationId, f.conversationId),
        afterCursor(conversationMembers.joinedAt, conversationMembers.userId, f.cursor, 'asc'),
      ),
    )
    .orderBy(asc(conversationMembers.joinedAt), asc(conversationMembers.userId))
    .limit(f.limit + 1);
}

/** Adds members; those already in stay as they are. */
export async function insertMembers(
  db: Executor,
  conversationId: string,
  members: { userId: string; role: MemberRole; readSeq?: number }[],
): Promise<void> {
  if (members.length === 0) return;
  await db
    .insert(conversationMembers)
    .values(members.map((m) => ({ conversationId, ...m })))
    .onConflictDoNothing();
}

export async function findMember(
  db: Executor,
  conversationId: string,
  userId: string,
): Promise<ConversationMemberRow | undefined> {
  const [row] = await db
    .select()
    .from(conversationMembers)
    .where(
      and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)),
    )
    .limit(1);
  return row;
}

export async function listMemberRows(db: Executor, conversationId: string): Promise<ConversationMemberRow[]> {
  return db
    .select()
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId))
    .orderBy(asc(conversationMembers.joinedAt), asc(conversationMembers.userId));
}

export async function deleteMember(db: Executor, conversationId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(conversationMembers)
    .where(
      and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)),
    )
    .returning({ userId: conversationMembers.userId });
  return rows.length > 0;
}

export async function setMemberRole(
  db: Executor,
  conversationId: string,
  userId: string,
  role: MemberRole,
): Promise<void> {
  await db
    .update(conversationMembers)
    .set({ role })
    .where(
      and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)),
    );
}

export async function listMemberIds(db: Executor, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId));
  return rows.map((r) => r.userId);
}
