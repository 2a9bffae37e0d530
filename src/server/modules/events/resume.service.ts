import type { ResumeEntry } from '../../../contract/events.ts';
import { EVENT_CREDIT_ROLES, type EventCreditRole } from '../../../contract/rules.ts';
import type { Database } from '../../db/client.ts';
import { errors } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Page, PageQuery } from '../../lib/pagination.ts';
import type { RelationsService } from '../relations/relations.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { listResumeCredits, type ResumeCreditRow, type ResumePosition } from './resume.repo.ts';
import { inZone, isoWithOffset, parseLocal } from './recurrence.ts';

export interface ResumeServiceDeps {
  db: Database;
  users: Pick<UsersService, 'resolveUser'>;
  relations: Pick<RelationsService, 'isBlockedEitherWay'>;
}

export type ResumeService = ReturnType<typeof createResumeService>;

const ROLES: ReadonlySet<string> = new Set(EVENT_CREDIT_ROLES);
const isRole = (value: string): value is EventCreditRole => ROLES.has(value);

// Opaque to clients: base64url of "<epoch ms>.<event id>.<role>", the last credit of the page.
function encodePosition(row: ResumeCreditRow): string {
  return Buffer.from(`${row.startsMs}.${row.eventId}.${row.role}`, 'utf8').toString('base64url');
}

function decodePosition(raw: string): ResumePosition {
  const match = /^(-?\d{1,15})\.([0-9a-f-]{36})\.([a-z]+)$/.exec(
    Buffer.from(raw, 'base64url').toString('utf8'),
  );
  const [, ms, eventId, role] = match ?? [];
  if (ms === undefined || eventId === undefined || role === undefined || !isUuid(eventId) || !isRole(role))
    throw errors.validation([{ path: 'query.cursor', message: 'Invalid cursor' }]);
  return { startsAt: new Date(Number(ms)), eventId, role };
}

function toEntry(row: ResumeCreditRow): ResumeEntry {
  // Postgres prints a timestamp without zone with a space ("2027-04-16 20:00:00").
  const local = parseLocal(row.startsLocal.replace(' ', 'T'));
  return {
    eventId: row.eventId,
    title: row.title,
    type: row.type,
    role: row.role,
    startsAt: local ? isoWithOffset(inZone(local, row.timeZone)) : '',
    city:
      row.citySlug !== null && row.cityName !== null
        ? { slug: row.citySlug, name: row.cityName, country: row.cityCountry }
        : null,
  };
}

/** A dancer's tango résumé: the events they taught, played, performed or organised. */
export function createResumeService({ db, users, relations }: ResumeServiceDeps) {
  return {
    /**
     * The credits a dancer accepted, latest event first, that the viewer may see. A dancer in a
     * block with the viewer reads like an unknown one.
     */
    async getResume(viewerId: string | null, username: string, query: PageQuery): Promise<Page<ResumeEntry>> {
      const user = await users.resolveUser(username);
      if (viewerId !== null && (await relations.isBlockedEitherWay(viewerId, user.id)))
        throw errors.notFound('User');
      const rows = await listResumeCredits(db, {
        userId: user.id,
        viewerId,
        after: query.cursor === undefined ? undefined : decodePosition(query.cursor),
        limit: query.limit,
      });
      const hasMore = rows.length > query.limit;
      const items = hasMore ? rows.slice(0, query.limit) : rows;
      const last = items.at(-1);
      return {
        items: items.map(toEntry),
        meta: { hasMore, nextCursor: hasMore && last ? encodePosition(last) : null },
      };
    },
  };
}
