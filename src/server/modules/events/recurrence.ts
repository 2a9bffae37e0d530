import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import type * as RRuleModule from 'rrule';
import { EVENT_SERIES_HORIZON_DAYS, EVENT_SERIES_MAX_OCCURRENCES } from '../../../contract/rules.ts';

// rrule ships a UMD bundle whose named exports Node's ESM loader cannot see; require reads them.
const { RRule, Frequency } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

/** A wall-clock time at the venue ("2026-12-05T21:00"), as the API takes it. */
export type LocalDateTime = string;

export interface OccurrenceTimes {
  /** The local date ("2026-12-05"): an occurrence's name within its series. */
  date: string;
  startsAt: DateTime;
  endsAt: DateTime;
}

const ALLOWED_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'BYDAY',
  'BYMONTHDAY',
  'BYSETPOS',
  'UNTIL',
  'COUNT',
  'WKST',
]);

const WEEKDAY = /^(?:[+-]?[1-5])?(?:MO|TU|WE|TH|FR|SA|SU)$/i;

export class RecurrenceError extends Error {}

/** A local date-time read as wall-clock parts; null when it names no date ("2026-02-30T10:00"). */
export function parseLocal(value: LocalDateTime): DateTime | null {
  const parsed = DateTime.fromISO(value, { zone: 'UTC' });
  return parsed.isValid ? parsed : null;
}

/**
 * A local wall-clock time in a zone. A time that does not exist (the hour skipped when clocks go
 * forward) moves forward by the gap, as calendars do; an ambiguous one takes the earlier offset.
 */
export function inZone(local: DateTime, timeZone: string): DateTime {
  return DateTime.fromObject(
    {
      year: local.year,
      month: local.month,
      day: local.day,
      hour: local.hour,
      minute: local.minute,
      second: local.second,
    },
    { zone: timeZone },
  );
}

/** An RRULE, checked: weekly or monthly, and only the parts a dance calendar needs. */
export function parseRecurrence(rule: string): Partial<RRuleModule.Options> {
  const body = rule.replace(/^RRULE:/i, '').trim();
  for (const part of body.split(';')) {
    const [key, value = ''] = part.split('=');
    if (!key || !ALLOWED_PARTS.has(key.toUpperCase()))
      throw new RecurrenceError(`Unsupported RRULE part "${key ?? part}"`);
    if (key.toUpperCase() === 'BYDAY' && !value.split(',').every((day) => WEEKDAY.test(day)))
      throw new RecurrenceError(`BYDAY takes days like FR or 2FR, not "${value}"`);
  }
  let options: Partial<RRuleModule.Options>;
  try {
    options = RRule.parseString(body);
  } catch (error) {
    throw new RecurrenceError(error instanceof Error ? error.message : 'Invalid RRULE');
  }
  if (options.freq !== Frequency.WEEKLY && options.freq !== Frequency.MONTHLY)
    throw new RecurrenceError('A series repeats weekly or monthly (FREQ=WEEKLY or FREQ=MONTHLY)');
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 12))
    throw new RecurrenceError('INTERVAL is between 1 and 12');
  if (options.count !== undefined && options.count !== null && options.count < 1)
    throw new RecurrenceError('COUNT is at least 1');
  // A date-only UNTIL ("UNTIL=20270301") includes that whole day.
  if (options.until && /UNTIL=\d{8}(?:;|$)/i.test(body))
    options.until = new Date(options.until.getTime() + 86_399_000);
  return options;
}

/** How far back a series' dates are made: older ones are history, never re-made. */
export const SERIES_PAST_DAYS = 30;

/**
 * The dates of an event: its first start, and the following ones of its RRULE. The rule runs on
 * wall-clock time (floating, as if the zone were UTC), so a 21:00 milonga stays at 21:00 when the
 * clocks change; each local start is then placed in the zone. UNTIL is read as a local time too.
 * Dates of a series run from SERIES_PAST_DAYS before `now` to EVENT_SERIES_HORIZON_DAYS after it,
 * at most EVENT_SERIES_MAX_OCCURRENCES.
 */
export function expandOccurrences(input: {
  startsAt: DateTime;
  endsAt: DateTime;
  timeZone: string;
  recurrence: string | null;
  now: Date;
}): OccurrenceTimes[] {
  const { startsAt, endsAt, timeZone } = input;
  const duration = endsAt.diff(startsAt);
  const place = (local: DateTime): OccurrenceTimes => ({
    date: local.toISODate() ?? '',
    startsAt: inZone(local, timeZone),
    endsAt: inZone(local.plus(duration), timeZone),
  });
  if (input.recurrence === null) return [place(startsAt)];

  const options = parseRecurrence(input.recurrence);
  // The window, on the same floating clock as the rule: from SERIES_PAST_DAYS ago to the horizon.
  const today = DateTime.fromJSDate(input.now, { zone: timeZone }).setZone('UTC', { keepLocalTime: true });
  const earliest = today.minus({ days: SERIES_PAST_DAYS }).toJSDate();
  const horizon = today.plus({ days: EVENT_SERIES_HORIZON_DAYS }).toJSDate();
  const rule = new RRule({ ...options, dtstart: startsAt.toJSDate() });
  return rule
    .between(earliest, horizon, true)
    .slice(0, EVENT_SERIES_MAX_OCCURRENCES)
    .map((date) => place(DateTime.fromJSDate(date, { zone: 'UTC' })));
}

/** A date as stored: its instants, and the same as the venue's clock shows them. */
export function toStoredTimes(d: OccurrenceTimes) {
  return {
    date: d.date,
    startsAt: d.startsAt.toJSDate(),
    endsAt: d.endsAt.toJSDate(),
    startsIso: isoWithOffset(d.startsAt),
    endsIso: isoWithOffset(d.endsAt),
  };
}

/** "2026-12-05T21:00:00-03:00": what the API answers for a time at the venue. */
export function isoWithOffset(at: DateTime): string {
  return at.toISO({ suppressMilliseconds: true }) ?? '';
}
