import { DateTime } from 'luxon';
import type { Occurrence } from '../../../contract/events.ts';
import type { EventRow } from '../../db/schema/index.ts';
import type { OccurrenceListRow } from './events.repo.ts';

/** Whether "2027-02-30" names a day of the calendar (the date pattern alone lets it through). */
export function isRealDate(value: string): boolean {
  return DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

export function toOccurrence(row: OccurrenceListRow): Occurrence {
  return {
    eventId: row.eventId,
    date: row.date,
    startsAt: row.startsIso,
    endsAt: row.endsIso,
    timeZone: row.timeZone,
    title: row.title,
    type: row.type,
    venue: { name: row.venueName, address: row.venueAddress },
    city:
      row.citySlug !== null && row.cityName !== null
        ? { slug: row.citySlug, name: row.cityName, country: row.cityCountry }
        : null,
    cancelled: row.cancelledAt !== null || row.eventCancelledAt !== null,
    going: { leaders: row.goingLeaders, followers: row.goingFollowers, total: row.goingTotal },
    waitlisted: row.waitlisted,
    capacity: row.capacity,
  };
}

export function limitsOf(event: EventRow) {
  return {
    capacity: event.capacity,
    leaderCap: event.leaderCap,
    followerCap: event.followerCap,
    balanceWithin: event.balanceWithin,
  };
}
