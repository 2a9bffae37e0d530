import { DateTime } from 'luxon';
import { EVENT_SERIES_HORIZON_DAYS } from '../../../contract/rules.ts';
import type { Database } from '../../db/client.ts';
import type { EventRow } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/authz.ts';
import type { Clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { listCityDates, listEventDates, listMyDates, type CalendarDateRow } from './calendar.repo.ts';
import { locationOf, toIcs, type IcsEntry, type IcsStatus } from './calendar.ics.ts';
import { createEventAccess } from './event-access.ts';
import { findCity } from './events.repo.ts';
import { expandOccurrences, inZone, parseLocal, parseRecurrence } from './recurrence.ts';

export interface CalendarServiceDeps {
  db: Database;
  clock: Clock;
  /** The web app's origin: each entry links to its event page there. */
  publicUrl: string;
}

export type CalendarService = ReturnType<typeof createCalendarService>;

/** How far back the city and personal calendars reach, so a subscriber keeps the recent past. */
const PAST_DAYS = 30;
/** The most dates one calendar file holds (time order; the latest fall off). */
const MAX_DATES = 2000;
/** How often subscribing clients are asked to refresh a calendar (seconds). */
const REFRESH_SECONDS = 3600;

export interface CalendarFile {
  /** A name for the download, without extension. */
  name: string;
  ics: string;
}

/**
 * The RRULE as RFC 5545 wants it beside a DTSTART with TZID: UNTIL in UTC. The app reads UNTIL as
 * the venue's wall-clock time (a date alone includes that day), so it is placed in the zone first.
 */
export function icsRule(recurrence: string, timeZone: string): string {
  const body = recurrence
    .replace(/^RRULE:/i, '')
    .trim()
    .toUpperCase();
  const { until } = parseRecurrence(body);
  const parts = body.split(';').filter((part) => part !== '' && !part.startsWith('UNTIL='));
  if (until) {
    const local = inZone(DateTime.fromJSDate(until, { zone: 'UTC' }), timeZone);
    parts.push(`UNTIL=${local.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`);
  }
  return parts.join(';');
}

/** Calendars as .ics files: one event (with its series), a city's dates, a dancer's dates. */
export function createCalendarService({ db, clock, publicUrl }: CalendarServiceDeps) {
  const access = createEventAccess({ db, clock });
  const urlOf = (eventId: string) => `${publicUrl}/events/${eventId}`;
  const atVenue = (at: Date, timeZone: string) => DateTime.fromJSDate(at, { zone: timeZone });
  const daysFromNow = (days: number) => DateTime.fromJSDate(clock.now()).plus({ days }).toJSDate();

  /** The VEVENTs of an event: one, or a series' master with its exceptions. */
  function eventEntries(event: EventRow, dates: Awaited<ReturnType<typeof listEventDates>>): IcsEntry[] {
    const startsLocal = parseLocal(event.startsLocal);
    const endsLocal = parseLocal(event.endsLocal);
    // Checked when the event was saved; a row that fails here is broken, not missing.
    if (!startsLocal || !endsLocal) throw new Error(`Event ${event.id} has unreadable times`);
    const cancelledAt = event.cancelledAt;
    const base = {
      uid: `${event.id}@abrazo`,
      summary: event.title,
      description: event.description,
      location: locationOf({ name: event.venueName, address: event.venueAddress }),
      url: urlOf(event.id),
      timeZone: event.timeZone,
      updatedAt: event.updatedAt,
    };
    const whole: IcsStatus = cancelledAt === null ? 'confirmed' : 'cancelled';

    if (event.recurrence === null) {
      const [only] = dates;
      return [
        {
          ...base,
          startsAt: only ? atVenue(only.startsAt, event.timeZone) : inZone(startsLocal, event.timeZone),
          endsAt: only ? atVenue(only.endsAt, event.timeZone) : inZone(endsLocal, event.timeZone),
          status: only?.cancelledAt ? 'cancelled' : whole,
        },
      ];
    }

    // The rule's first date, which DTSTART must be (a start off the rule would count as an extra date).
    const [first] = expandOccurrences({
      startsAt: startsLocal,
      endsAt: endsLocal,
      timeZone: event.timeZone,
      recurrence: event.recurrence,
      now: clock.now(),
    });
    if (!first) throw new Error(`Event ${event.id} has a rule that makes no dates`);
    const time = startsLocal.toFormat('HH:mm:ss');
    const originalStart = (date: string) =>
      inZone(parseLocal(`${date}T${time}`) ?? startsLocal, event.timeZone);
    // Dates cancelled with the whole event are covered by its STATUS.
    const skipped = dates.filter(
      (d) => d.cancelledAt !== null && (cancelledAt === null || d.cancelledAt < cancelledAt),
    );
    const moved = dates.filter((d) => d.moved && !skipped.includes(d));
    return [
      {
        ...base,
        startsAt: first.startsAt,
        endsAt: first.endsAt,
        status: whole,
        rule: {
          rrule: icsRule(event.recurrence, event.timeZone),
          exdates: skipped.map((d) => originalStart(d.date)),
        },
      },
      ...moved.map((d): IcsEntry => ({
        ...base,
        startsAt: atVenue(d.startsAt, event.timeZone),
        endsAt: atVenue(d.endsAt, event.timeZone),
        status: whole,
        recurrenceId: originalStart(d.date),
      })),
    ];
  }

  /** One VEVENT per date, as the city and personal calendars list them. */
  function dateEntry(row: CalendarDateRow, status: IcsStatus): IcsEntry {
    return {
      uid: `${row.eventId}-${row.date}@abrazo`,
      summary: row.title,
      description: row.description,
      location: locationOf({ name: row.venueName, address: row.venueAddress }),
      url: urlOf(row.eventId),
      timeZone: row.timeZone,
      startsAt: atVenue(row.startsAt, row.timeZone),
      endsAt: atVenue(row.endsAt, row.timeZone),
      status: row.cancelledAt !== null || row.eventCancelledAt !== null ? 'cancelled' : status,
      updatedAt: row.updatedAt,
    };
  }

  return {
    /** An event as a calendar: a series is one VEVENT with its RRULE, skipped dates and moved ones. */
    async eventCalendar(viewerId: string | null, eventId: string): Promise<CalendarFile> {
      const event = await access.visibleEvent(viewerId, eventId);
      const entries = eventEntries(event, await listEventDates(db, event.id));
      return { name: `abrazo-${event.id}`, ics: toIcs({ name: event.title, entries, now: clock.now() }) };
    },

    /** A city's dates from a month ago to the series horizon, to subscribe to; public events only. */
    async cityCalendar(slug: string): Promise<CalendarFile> {
      const city = await findCity(db, slug);
      if (!city) throw errors.notFound('City');
      const rows = await listCityDates(db, {
        cityId: city.id,
        from: daysFromNow(-PAST_DAYS),
        to: daysFromNow(EVENT_SERIES_HORIZON_DAYS),
        limit: MAX_DATES,
      });
      return {
        name: `abrazo-${city.slug}`,
        ics: toIcs({
          name: `Tango in ${city.name}`,
          entries: rows.map((row) => dateEntry(row, 'confirmed')),
          now: clock.now(),
          ttl: REFRESH_SECONDS,
        }),
      };
    },

    /** The dates the actor goes to (confirmed) or is waitlisted for (tentative), from a month ago on. */
    async myCalendar(actor: Actor): Promise<CalendarFile> {
      const rows = await listMyDates(db, {
        userId: actor.userId,
        from: daysFromNow(-PAST_DAYS),
        limit: MAX_DATES,
      });
      return {
        name: 'abrazo-my-dates',
        ics: toIcs({
          name: 'My tango dates',
          entries: rows.map((row) => dateEntry(row, row.myStatus === 'going' ? 'confirmed' : 'tentative')),
          now: clock.now(),
          ttl: REFRESH_SECONDS,
        }),
      };
    },
  };
}
