import { and, asc, desc, eq, not, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import {
  comments,
  memories,
  reports,
  users,
  type ReportReason,
  type ReportRow,
  type ReportStatus,
  type ReportTarget,
} from '../../db/schema/index.ts';
import { afterCursor, type Cursor, type SortDirection } from '../../lib/pagination.ts';
import { blockedEitherWay } from '../../db/relation-predicates.ts';
import { memoryVisibleTo } from '../relations/visibility.ts';

/** Who owns a reportable thing (the author, or the user themselves). */
export interface TargetOwner {
  ownerId: string;
}

/** The memory, if the reporter may see it. */
export async function findReportableMemory(
  db: Executor,
  reporterId: string,
  memoryId: string,
): Promise<TargetOwner | undefined> {
  const [row] = await db
    .select({ ownerId: memories.authorId })
    .from(memories)
    .where(and(eq(memories.id, memoryId), memoryVisibleTo(reporterId, memories)))
    .limit(1);
  return row;
}

/** The comment, if the reporter may see its memory and no block stands between them and its author. */
export async function findReportableComment(
  db: Executor,
  reporterId: string,
  commentId: string,
): Promise<TargetOwner | undefined> {
  const [row] = await db
    .select({ ownerId: comments.authorId })
    .from(comments)
    .innerJoin(memories, eq(memories.id, comments.memoryId))
    .where(
      and(
        eq(comments.id, commentId),
        memoryVisibleTo(reporterId, memories),
        not(blockedEitherWay(sql`${reporterId}::uuid`, comments.authorId)),
      ),
    )
    .limit(1);
  return row;
}

/** Any existing user; blocks do not hide a user from being reported (block, then report). */
export async function findReportableUser(db: Executor, userId: string): Promise<TargetOwner | undefined> {
  const [row] = await db.select({ ownerId: users.id }).from(users).where(eq(users.id, userId)).limit(1);
  return row;
}

export interface NewReport {
  reporterId: string;
  targetType: ReportTarget;
  targetId: string;
  reason: ReportReason;
  details: string;
}

/** Inserts an open report; undefined when the reporter already has one open on the target. */
export async function insertOpenReport(db: Executor, values: NewReport): Promise<ReportRow | undefined> {
  const [row] = await db
    .insert(reports)
    .values(values)
    .onConflictDoNothing({
      target: [reports.reporterId, reports.targetType, reports.targetId],
      where: sql`${reports.status} = 'open'`,
    })
    .returning();
  return row;
}

export async function findOpenReport(
  db: Executor,
  reporterId: string,
  targetType: ReportTarget,
  targetId: string,
): Promise<ReportRow | undefined> {
  const [row] = await db
    .select()
    .from(reports)
    .where(
      and(
        eq(reports.reporterId, reporterId),
        eq(reports.targetType, targetType),
        eq(reports.targetId, targetId),
        eq(reports.status, 'open'),
      ),
    )
    .limit(1);
  return row;
}

const reporter = alias(users, 'reporter');
const resolver = alias(users, 'resolver');

function moderatedReports(db: Executor) {
  return db
    .select({
      report: reports,
      reporter: { id: reporter.id, username: reporter.username, displayName: reporter.displayName },
      resolvedBy: { id: resolver.id, username: resolver.username, displayName: resolver.displayName },
    })
    .from(reports)
    .innerJoin(reporter, eq(reporter.id, reports.reporterId))
    .leftJoin(resolver, eq(resolver.id, reports.resolvedById));
}

export type ModeratedReportRow = Awaited<ReturnType<typeof moderatedReports>>[number];

export interface ListReportsFilter {
  status: ReportStatus;
  direction: SortDirection;
  cursor?: Cursor | undefined;
  limit: number;
}

/** One status in (created_at, id) order, limit+1 rows; reads reports_status_created_idx. */
export function listReportsQuery(db: Executor, f: ListReportsFilter) {
  const order = f.direction === 'asc' ? asc : desc;
  return moderatedReports(db)
    .where(
      and(eq(reports.status, f.status), afterCursor(reports.createdAt, reports.id, f.cursor, f.direction)),
    )
    .orderBy(order(reports.createdAt), order(reports.id))
    .limit(f.limit + 1);
}

export async function findModeratedReport(db: Executor, id: string): Promise<ModeratedReportRow | undefined> {
  const [row] = await moderatedReports(db).where(eq(reports.id, id)).limit(1);
  return row;
}

export interface ReportClosing {
  status: Exclude<ReportStatus, 'open'>;
  resolvedById: string;
  note: string | null;
  at: Date;
}

/** Closes an open report; undefined when it is unknown or already closed. */
export async function closeOpenReport(
  db: Executor,
  id: string,
  c: ReportClosing,
): Promise<{ id: string } | undefined> {
  const [row] = await db
    .update(reports)
    .set({ status: c.status, resolvedById: c.resolvedById, resolutionNote: c.note, resolvedAt: c.at })
    .where(and(eq(reports.id, id), eq(reports.status, 'open')))
    .returning({ id: reports.id });
  return row;
}

export async function findReportStatus(
  db: Executor,
  id: string,
): Promise<{ status: ReportStatus } | undefined> {
  const [row] = await db.select({ status: reports.status }).from(reports).where(eq(reports.id, id)).limit(1);
  return row;
}
