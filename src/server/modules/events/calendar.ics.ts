import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import type { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';

// iCalendar files (RFC 5545) of events: ical-generator writes them, timezones-ical-library gives the
// VTIMEZONE of each zone, so clients place DTSTART;TZID=… at the venue's local time.

export type IcsStatus = 'confirmed' | 'tentative' | 'cancelled';

/** One VEVENT. Times are instants; they are written as local times in timeZone. */
export interface IcsEntry {
  uid: string;
  summary: string;
  description: string;
  location: string;
  url: string;
  timeZone: string;
  startsAt: DateTime;
  endsAt: DateTime;
  status: IcsStatus;
  updatedAt: Date;
  /** A series: its RRULE (UNTIL in UTC) and the dates it skips (their original starts). */
  rule?: { rrule: string; exdates: DateTime[] };
  /** An exception of a series: the original start of the date it replaces. */
  recurrenceId?: DateTime;
}

const STATUS: Record<IcsStatus, ICalEventStatus> = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/**
 * The VTIMEZONE of a zone and the TZID it declares, which is the canonical name ("UTC" declares
 * "Etc/UTC", "US/Eastern" "America/New_York"); undefined for a zone the library does not know.
 */
function vtimezoneOf(timeZone: string): { tzid: string; block: string } | undefined {
  const found = tzlib_get_ical_block(timeZone);
  if (!Array.isArray(found)) return undefined;
  const [block, tzidLine] = found;
  const tzid = tzidLine?.replace(/^TZID=/, '');
  return block && tzid ? { tzid, block } : undefined;
}

const localStamp = (at: DateTime, tzid: string) => at.setZone(tzid).toFormat("yyyyLLdd'T'HHmmss");
const utcStamp = (at: DateTime) => at.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'");

/** The RRULE line, with an EXDATE line for the skipped dates (ical-generator takes both as one string). */
function ruleLines(rule: NonNullable<IcsEntry['rule']>, tzid: string | undefined): string {
  const lines = [`RRULE:${rule.rrule}`];
  if (rule.exdates.length > 0)
    lines.push(
      tzid
        ? `EXDATE;TZID=${tzid}:${rule.exdates.map((d) => localStamp(d, tzid)).join(',')}`
        : `EXDATE:${rule.exdates.map(utcStamp).join(',')}`,
    );
  return lines.join('\n');
}

/** A whole .ics file. `ttl` (seconds) tells subscribing clients how often to refresh it. */
export function toIcs(input: { name: string; entries: IcsEntry[]; now: Date; ttl?: number }): string {
  const calendar = new ICalCalendar({
    name: input.name,
    prodId: { company: 'Abrazo', product: 'Abrazo', language: 'EN' },
    ...(input.ttl === undefined ? {} : { ttl: input.ttl }),
  });
  const zones = new Map<string, ReturnType<typeof vtimezoneOf>>();
  const blocks = new Map<string, string>();
  // No calendar-wide zone (name null): DTSTAMP stays in UTC and each event names its own.
  calendar.timezone({ name: null, generator: (tzid) => blocks.get(tzid) ?? null });
  for (const entry of input.entries) {
    if (!zones.has(entry.timeZone)) zones.set(entry.timeZone, vtimezoneOf(entry.timeZone));
    const zone = zones.get(entry.timeZone);
    if (zone) blocks.set(zone.tzid, zone.block);
    calendar.createEvent({
      id: entry.uid,
      stamp: input.now,
      lastModified: entry.updatedAt,
      start: entry.startsAt,
      end: entry.endsAt,
      // Without a VTIMEZONE, times go out in UTC, which every client reads right.
      timezone: zone?.tzid ?? null,
      summary: entry.summary,
      description: entry.description || null,
      location: entry.location || null,
      url: entry.url,
      status: STATUS[entry.status],
      ...(entry.rule ? { repeating: ruleLines(entry.rule, zone?.tzid) } : {}),
      ...(entry.recurrenceId ? { recurrenceId: entry.recurrenceId } : {}),
    });
  }
  return calendar.toString();
}

/** "Salón Canning, Scalabrini Ortiz 1331". */
export function locationOf(venue: { name: string; address: string }): string {
  return [venue.name, venue.address].filter((part) => part.trim() !== '').join(', ');
}
