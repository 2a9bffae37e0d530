import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { readsGroup } from '../../db/relation-predicates.ts';
import { eventOccurrences, eventRsvps, events } from '../../db/schema/index.ts';

/** Every date of one event, in time order (a series' moved and cancelled ones among them). */
export function listEventDates(db: Executor, eventId: string) {
  const o = eventOccurrences;
  return db
    .select({
      date: o.date,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      moved: o.moved,
      cancelledAt: o.cancelledAt,
    })
    .from(o)
    .where(eq(o.eventId, eventId))
    .orderBy(asc(o.startsAt));
}

const dateColumns = {
  eventId: eventOccurrences.eventId,
  date: eventOccurrences.date,
  startsAt: eventOccurrences.startsAt,
  endsAt: eventOccurrences.endsAt,
  cancelledAt: eventOccurrences.cancelledAt,
  eventCancelledAt: events.cancelledAt,
  title: events.title,
  description: events.description,
  timeZone: events.timeZone,
  venueName: events.venueName,
  venueAddress: events.venueAddress,
  updatedAt: events.updatedAt,
};

/** A city's dates starting in [from, to), in time order; events of private groups are left out. */
export function listCityDates(db: Executor, f: { cityId: string; from: Date; to: Date; limit: number }) {
  const o = eventOccurrences;
  return db
    .select(dateColumns)
    .from(o)
    .innerJoin(events, eq(events.id, o.eventId))
    .where(
      and(
        eq(o.cityId, f.cityId),
        gte(o.startsAt, f.from),
        lt(o.startsAt, f.to),
        or(sql`${o.groupId} is null`, readsGroup(null, o.groupId)),
      ),
    )
    .orderBy(asc(o.startsAt), asc(o.id))
    .limit(f.limit);
}

export type CalendarDateRow = Awaited<ReturnType<typeof listCityDates>>[number];

/** The dates a dancer goes to or is waitlisted for, starting from a time on, in time order. */
export function listMyDates(db: Executor, f: { userId: string; from: Date; limit: number }) {
  const o = eventOccurrences;
  return db
    .select({ ...dateColumns, myStatus: eventRsvps.status })
    .from(eventRsvps)
    .innerJoin(o, eq(o.id, eventRsvps.occurrenceId))
    .innerJoin(events, eq(events.id, o.eventId))
    .where(
      and(
        eq(eventRsvps.userId, f.userId),
        inArray(eventRsvps.status, ['going', 'waitlisted']),
        gte(o.startsAt, f.from),
        or(sql`${o.groupId} is null`, readsGroup(sql`${f.userId}::uuid`, o.groupId)),
      ),
    )
    .orderBy(asc(o.startsAt), asc(o.id))
    .limit(f.limit);
}
