import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client.ts';
import {
  conversationDeliveries,
  conversationMembers,
  conversations,
  users,
  type ConversationMemberRow,
  type ConversationRow,
  type MemberRole,
} from '../../db/schema/index.ts';
import { afterCursor, type Cursor } from '../../lib/pagination.ts';
import { pgErrorCode } from '../../lib/pg-errors.ts';
import { blockedEitherWay } from '../relations/visibility.ts';

// Conversations are ordered by their last activity: the last message, else the creation.
const activityAt = sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;

export interface ConversationListRow {
  id: string;
  kind: ConversationRow['kind'];
  name: string | null;
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

/** Undefined when a direct conversation with this key already exists (or is being created). */
export async function insertConversation(
  db: Executor,
  values: Pick<ConversationRow, 'kind' | 'name' | 'directKey' | 'createdById' | 'createdAt'>,
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

export async function listMemberIds(db: Executor, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId));
  return rows.map((r) => r.userId);
}
