import { describe, expect, it } from 'vitest';
import { expandOccurrences, parseLocal, parseRecurrence, RecurrenceError } from './recurrence.ts';

const now = new Date('2026-01-01T00:00:00Z');
function series(startsAt: string, endsAt: string, timeZone: string, recurrence: string | null) {
  const start = parseLocal(startsAt);
  const end = parseLocal(endsAt);
  if (!start || !end) throw new Error('bad fixture');
  return expandOccurrences({ startsAt: start, endsAt: end, timeZone, recurrence, now }).map((o) => ({
    date: o.date,
    startsAt: o.startsAt.toISO({ suppressMilliseconds: true }),
    endsAt: o.endsAt.toISO({ suppressMilliseconds: true }),
  }));
}

describe('recurrence', () => {
  it('keeps a weekly milonga at 21:00 across Berlin’s change to summer time', () => {
    const dates = series('2026-03-20T21:00', '2026-03-21T02:00', 'Europe/Berlin', 'FREQ=WEEKLY;COUNT=3');
    expect(dates).toEqual([
      { date: '2026-03-20', startsAt: '2026-03-20T21:00:00+01:00', endsAt: '2026-03-21T02:00:00+01:00' },
      { date: '2026-03-27', startsAt: '2026-03-27T21:00:00+01:00', endsAt: '2026-03-28T02:00:00+01:00' },
      // Clocks go forward at 02:00 on 29 March, between these two nights.
      { date: '2026-04-03', startsAt: '2026-04-03T21:00:00+02:00', endsAt: '2026-04-04T02:00:00+02:00' },
    ]);
  });

  it('keeps local time in New York across both changes', () => {
    const spring = series(
      '2026-03-01T20:00',
      '2026-03-01T23:30',
      'America/New_York',
      'FREQ=WEEKLY;BYDAY=SU;COUNT=2',
    );
    expect(spring.map((d) => d.startsAt)).toEqual(['2026-03-01T20:00:00-05:00', '2026-03-08T20:00:00-04:00']);
    const autumn = series('2026-10-25T20:00', '2026-10-25T23:30', 'America/New_York', 'FREQ=WEEKLY;COUNT=2');
    expect(autumn.map((d) => d.startsAt)).toEqual(['2026-10-25T20:00:00-04:00', '2026-11-01T20:00:00-05:00']);
  });

  it('runs a night across the change with its real length', () => {
    // Berlin, 24–25 Oct 2026: clocks go back at 03:00; the night 22:00–04:00 lasts 7 hours.
    const [night] = series('2026-10-24T22:00', '2026-10-25T04:00', 'Europe/Berlin', null);
    expect(night).toEqual({
      date: '2026-10-24',
      startsAt: '2026-10-24T22:00:00+02:00',
      endsAt: '2026-10-25T04:00:00+01:00',
    });
  });

  it('has no DST in Buenos Aires: the offset stays -03:00 all year', () => {
    const dates = series(
      '2026-01-02T22:00',
      '2026-01-03T03:00',
      'America/Argentina/Buenos_Aires',
      'FREQ=MONTHLY;BYDAY=1FR;COUNT=12',
    );
    expect(dates).toHaveLength(12);
    expect(new Set(dates.map((d) => d.startsAt?.slice(-6)))).toEqual(new Set(['-03:00']));
    expect(dates.every((d) => d.startsAt?.slice(11, 16) === '22:00')).toBe(true);
  });

  it('reads "2nd Friday" monthly and a date-only UNTIL inclusively', () => {
    const dates = series(
      '2026-01-09T21:00',
      '2026-01-10T01:00',
      'Europe/Berlin',
      'FREQ=MONTHLY;BYDAY=2FR;UNTIL=20260313',
    );
    expect(dates.map((d) => d.date)).toEqual(['2026-01-09', '2026-02-13', '2026-03-13']);
  });

  it('moves a start in the skipped hour forward by the gap', () => {
    const [start] = series('2026-03-29T02:30', '2026-03-29T04:00', 'Europe/Berlin', null);
    expect(start?.startsAt).toBe('2026-03-29T03:30:00+02:00');
  });

  it('lists an endless series only up to the horizon', () => {
    const dates = series('2026-01-02T21:00', '2026-01-02T23:00', 'Europe/Berlin', 'FREQ=WEEKLY');
    expect(dates.length).toBeGreaterThan(50);
    expect(dates.length).toBeLessThanOrEqual(60);
  });

  it('keeps making the coming dates of a series that began years ago, and not its distant past', () => {
    const dates = series('2019-01-04T21:00', '2019-01-04T23:00', 'Europe/Berlin', 'FREQ=WEEKLY');
    expect(dates[0]?.date).toBe('2025-12-05');
    expect(dates.at(-1)?.date).toBe('2027-01-29');
    expect(dates.every((d) => d.startsAt?.slice(11, 16) === '21:00')).toBe(true);
  });

  it('refuses rules a dance calendar does not need', () => {
    expect(() => parseRecurrence('FREQ=DAILY')).toThrow(RecurrenceError);
    expect(() => parseRecurrence('FREQ=BOGUS')).toThrow(RecurrenceError);
    expect(() => parseRecurrence('FREQ=WEEKLY;BYHOUR=3')).toThrow(RecurrenceError);
    expect(() => parseRecurrence('FREQ=WEEKLY;BYDAY=XX')).toThrow(RecurrenceError);
    expect(() => parseRecurrence('FREQ=WEEKLY;INTERVAL=0')).toThrow(RecurrenceError);
    expect(parseRecurrence('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH').interval).toBe(2);
  });
});
