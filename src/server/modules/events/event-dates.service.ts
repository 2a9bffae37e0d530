import { DateTime } from 'luxon';
import type { Occurrence } from '../../../contract/events.ts';
import type { EventType, RsvpState } from '../../../contract/rules.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor, type Page, type PageQuery } from '../../lib/pagination.ts';
import type { GroupsService } from '../groups/groups.service.ts';
import { createCalendarCache, type CalendarCache } from './calendar-cache.ts';
import type { EventAccess } from './event-access.ts';
import {
  findCity,
  inPrivateGroup,
  listMyOccurrencesQuery,
  listOccurrencesQuery,
  privateGroupIdsOf,
  type OccurrenceListFilter,
  type OccurrenceListRow,
} from './events.repo.ts';
import { toOccurrence } from './events.views.ts';

export interface EventDatesDeps {
  db: Database;
  clock: Clock;
  groups: Pick<GroupsService, 'assertCanRead'>;
  /** Calendar pages everyone may see, kept a few seconds (none when absent). */
  calendarCache?: CalendarCache | undefined;
  access: EventAccess;
}

/** The widest window one calendar request may ask for. */
const MAX_RANGE_DAYS = 400;
const DEFAULT_RANGE_DAYS = 92;
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export interface EventWindow {
  from?: string | undefined;
  to?: string | undefined;
}

export interface EventListQuery extends PageQuery, EventWindow {
  city?: string | undefined;
  group?: string | undefined;
  type?: EventType | undefined;
}

/** Dates as lists: a city's or a group's calendar, one series' dates, a dancer's own dates. */
export function createEventDatesService({ db, clock, groups, access, ...deps }: EventDatesDeps) {
  const calendarCache = deps.calendarCache ?? createCalendarCache(0);

  function rangeOf(query: EventWindow, days = DEFAULT_RANGE_DAYS): { from: Date; to: Date } {
    const from = query.from === undefined ? clock.now() : new Date(query.from);
    // Past the year 9999 (a default window, a negative offset) Postgres cannot read the instant.
    const to = new Date(
      Math.min(
        LAST_INSTANT,
        query.to === undefined
          ? DateTime.fromJSDate(from).plus({ days }).toMillis()
          : new Date(query.to).getTime(),
      ),
    );
    if (to <= from) throw errors.validation([{ path: 'query.to', message: 'Comes after from' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
      throw errors.validation([{ path: 'query.to', message: `At most ${MAX_RANGE_DAYS} days after from` }]);
    return { from, to };
  }

  function occurrencePage(rows: OccurrenceListRow[], limit: number): Page<Occurrence> {
    const hasMore = rows.length > limit;
    const items = hasMore ? rows.slice(0, limit) : rows;
    const last = items.at(-1);
    return {
      items: items.map(toOccurrence),
      meta: {
        hasMore,
        nextCursor: hasMore && last ? encodeCursor({ createdAt: last.startsAt, id: last.id }) : null,
      },
    };
  }

  return {
    /** Dates in a window, in time order, across events (a city's or a group's calendar). */
    async listOccurrences(viewerId: string | null, query: EventListQuery): Promise<Page<Occurrence>> {
      const { from, to } = rangeOf(query);
      let cityId: string | undefined;
      if (query.city !== undefined) {
        const slug = query.city;
        cityId = await calendarCache.cityId(slug, async () => (await findCity(db, slug))?.id);
        if (cityId === undefined)
          throw errors.validation([{ path: 'query.city', message: 'No city community has this slug' }]);
      }
      if (query.group !== undefined) await groups.assertCanRead(viewerId, query.group);
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rowsFor = (filter: Pick<OccurrenceListFilter, 'viewerId' | 'groupIds'>) =>
        listOccurrencesQuery(db, {
          ...filter,
          cityId,
          groupId: query.group,
          type: query.type,
          from,
          to,
          after: cursor ? { startsAt: cursor.createdAt, id: cursor.id } : undefined,
          limit: query.limit,
        });
      // A window without `from` starts now, never the same twice: read, not kept.
      if (!calendarCache.enabled || query.from === undefined)
        return occurrencePage(await rowsFor({ viewerId }), query.limit);
      // Everyone reading a window shares the page of the dates everyone may see (within a group's own
      // calendar, all its readers see all its dates); a member of private groups gets the page with
      // their dates merged in, kept too and shared by the members of the same groups.
      const key = {
        cityId,
        groupId: query.group,
        type: query.type,
        from: from.toISOString(),
        to: to.toISOString(),
        cursor: query.cursor,
        limit: query.limit,
      };
      const shared = await calendarCache.read(key, async () => {
        const rows = await rowsFor({ viewerId: query.group === undefined ? null : viewerId });
        return { rows, page: occurrencePage(rows, query.limit) };
      });
      const mayHaveMore =
        viewerId !== null &&
        query.group === undefined &&
        (await calendarCache.inPrivateGroup(viewerId, () => inPrivateGroup(db, viewerId)));
      if (!mayHaveMore) return shared.page;
      // Which private groups is read afresh every time: one who has left or was banned sees none of them.
      const groupIds = await privateGroupIdsOf(db, viewerId);
      if (groupIds.length === 0) return shared.page;
      const theirs = await calendarCache.read({ ...key, groupIds }, async () => {
        const rows = await rowsFor({ viewerId, groupIds });
        const order = (a: OccurrenceListRow, b: OccurrenceListRow) =>
          a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
        // Theirs all come after the page (and the row past it): the shared page is theirs too.
        const past = shared.rows[query.limit];
        const first = rows[0];
        if (first === undefined || (past !== undefined && order(first, past) > 0)) return shared;
        const merged = [...shared.rows, ...rows].sort(order).slice(0, query.limit + 1);
        return { rows: merged, page: occurrencePage(merged, query.limit) };
      });
      return theirs.page;
    },

    /** One event's dates in a window (12 hours back by default, so tonight's is still there). */
    async listEventDates(viewerId: string | null, eventId: string, query: PageQuery & EventWindow) {
      await access.visibleEvent(viewerId, eventId);
      const twelveHoursAgo = new Date(clock.now().getTime() - 12 * 3_600_000).toISOString();
      const { from, to } = rangeOf({ from: query.from ?? twelveHoursAgo, to: query.to }, MAX_RANGE_DAYS);
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await listOccurrencesQuery(db, {
        viewerId,
        eventId,
        from,
        to,
        after: cursor ? { startsAt: cursor.createdAt, id: cursor.id } : undefined,
        limit: query.limit,
      });
      return occurrencePage(rows, query.limit);
    },

    /** The dates the actor goes to, is waitlisted for or is interested in, not yet over. */
    async listMyOccurrences(
      actor: Actor,
      query: PageQuery,
    ): Promise<Page<Occurrence & { myStatus: RsvpState }>> {
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await listMyOccurrencesQuery(db, {
        userId: actor.userId,
        from: clock.now(),
        after: cursor ? { startsAt: cursor.createdAt, id: cursor.id } : undefined,
        limit: query.limit,
      });
      const page = occurrencePage(rows, query.limit);
      return {
        items: page.items.map((o, i) => ({ ...o, myStatus: rows[i]?.myStatus ?? 'going' })),
        meta: page.meta,
      };
    },
  };
}
