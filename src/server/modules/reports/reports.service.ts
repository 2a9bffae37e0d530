import type {
  CreateReportBody,
  ModeratedReport,
  Report,
  ResolveReportBody,
} from '../../../contract/reports.ts';
import type { Database } from '../../db/client.ts';
import type { ReportRow, ReportStatus, ReportTarget } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { cursorOf, toPage, type Page, type PageQuery, type SortDirection } from '../../lib/pagination.ts';
import { toUserSummary } from '../users/users.service.ts';
import {
  closeOpenReport,
  findModeratedReport,
  findOpenReport,
  findReportableComment,
  findReportableMemory,
  findReportableUser,
  findReportStatus,
  insertOpenReport,
  listReportsQuery,
  type ModeratedReportRow,
  type TargetOwner,
} from './reports.repo.ts';
import { findStaffRole } from './staff.repo.ts';

export interface ReportsServiceDeps {
  db: Database;
  clock: Clock;
}

export type ReportsService = ReturnType<typeof createReportsService>;

const TARGET_NAMES: Record<ReportTarget, string> = { memory: 'Memory', comment: 'Comment', user: 'User' };

// The open queue is worked oldest first (nobody waits forever); closed ones read as history, newest first.
const QUEUE_ORDER: Record<ReportStatus, SortDirection> = { open: 'asc', resolved: 'desc', dismissed: 'desc' };

function toReport(row: ReportRow): Report {
  return {
    id: row.id,
    targetType: row.targetType,
    targetId: row.targetId,
    reason: row.reason,
    details: row.details,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

function toModeratedReport(row: ModeratedReportRow): ModeratedReport {
  return {
    ...toReport(row.report),
    reporter: toUserSummary(row.reporter),
    resolvedBy: row.resolvedBy ? toUserSummary(row.resolvedBy) : null,
    resolutionNote: row.report.resolutionNote,
    resolvedAt: row.report.resolvedAt?.toISOString() ?? null,
  };
}

export function createReportsService({ db, clock }: ReportsServiceDeps) {
  // The access token carries only the user id, so the role is read fresh: revoking it takes effect at once.
  async function staffRoleOf(actor: Actor) {
    const row = await findStaffRole(db, actor.userId);
    if (!row) throw errors.unauthenticated('This account no longer exists.');
    return row.staffRole;
  }

  async function assertModerator(actor: Actor): Promise<void> {
    const role = await staffRoleOf(actor);
    if (role !== 'moderator' && role !== 'admin') throw errors.forbidden('Only moderators can do this.');
  }

  function findTarget(actor: Actor, type: ReportTarget, id: string): Promise<TargetOwner | undefined> {
    switch (type) {
      case 'memory':
        return findReportableMemory(db, actor.userId, id);
      case 'comment':
        return findReportableComment(db, actor.userId, id);
      case 'user':
        return findReportableUser(db, id);
    }
  }

  return {
    /**
     * Files a report on something the reporter can see. A second report while the first is still
     * open returns the first (created: false) instead of piling up duplicates.
     */
    async create(actor: Actor, body: CreateReportBody): Promise<{ report: Report; created: boolean }> {
      await staffRoleOf(actor);
      const target = await findTarget(actor, body.targetType, body.targetId);
      // Invisible and missing look the same, so a report cannot probe for hidden things.
      if (!target) throw errors.notFound(TARGET_NAMES[body.targetType]);
      if (target.ownerId === actor.userId) {
        throw errors.validation([
          { path: 'body.targetId', message: 'You cannot report yourself or what you posted.' },
        ]);
      }
      const values = {
        reporterId: actor.userId,
        targetType: body.targetType,
        targetId: body.targetId,
        reason: body.reason,
        details: body.details ?? '',
      };
      // Twice at most: the open report found in conflict may be closed before it is read back.
      for (let attempt = 0; attempt < 2; attempt++) {
        const inserted = await insertOpenReport(db, values);
        if (inserted) return { report: toReport(inserted), created: true };
        const existing = await findOpenReport(db, actor.userId, body.targetType, body.targetId);
        if (existing) return { report: toReport(existing), created: false };
      }
      throw errors.conflict('The report changed while it was being filed; try again.');
    },

    /** The moderation queue for one status (moderators and admins only). */
    async list(actor: Actor, query: PageQuery & { status: ReportStatus }): Promise<Page<ModeratedReport>> {
      await assertModerator(actor);
      const rows = await listReportsQuery(db, {
        status: query.status,
        direction: QUEUE_ORDER[query.status],
        cursor: cursorOf(query),
        limit: query.limit,
      });
      const page = toPage(
        rows.map((r) => ({ ...r, createdAt: r.report.createdAt, id: r.report.id })),
        query.limit,
      );
      return { items: page.items.map(toModeratedReport), meta: page.meta };
    },

    /** Closes an open report as resolved or dismissed; closing a closed one is CONFLICT. */
    async resolve(actor: Actor, reportId: string, body: ResolveReportBody): Promise<ModeratedReport> {
      await assertModerator(actor);
      const closed = await closeOpenReport(db, reportId, {
        status: body.status,
        resolvedById: actor.userId,
        note: body.note ?? null,
        at: clock.now(),
      });
      if (!closed) {
        const current = await findReportStatus(db, reportId);
        if (!current) throw errors.notFound('Report');
        throw errors.conflict(`This report is already ${current.status}.`);
      }
      const row = await findModeratedReport(db, reportId);
      if (!row) throw errors.notFound('Report');
      return toModeratedReport(row);
    },
  };
}
