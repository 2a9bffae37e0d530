import { describe, expect, it } from 'vitest';
import {
  addMonths,
  daysAfter,
  formatDate,
  formatTimes,
  groupBy,
  localDateTimeOf,
  monthGrid,
  startOfWeek,
  upcomingFrom,
  windowFor,
  zoneName,
} from './event-time.ts';

// ICU versions differ in the spaces they put before AM/PM: the tests read any space as one.
const plain = (s: string) => s.replace(/\s/gu, ' ');

describe('dates of events at the venue', () => {
  it("shows a date's times on the venue's clock, whatever the reader's zone", () => {
    const startsAt = '2026-12-05T21:00:00-03:00';
    const endsAt = '2026-12-06T03:00:00-03:00';
    const zone = 'America/Argentina/Buenos_Aires';
    expect(formatTimes(startsAt, endsAt, zone, 'es')).toBe('21:00 – 3:00');
    expect(plain(formatTimes(startsAt, endsAt, zone, 'en'))).toBe('9:00 PM – 3:00 AM');
    expect(zoneName(startsAt, zone, 'en')).toBe('GMT-3');
    expect(localDateTimeOf(startsAt)).toBe('2026-12-05T21:00');
  });

  it('writes a festival of several days with its days', () => {
    const text = formatTimes('2026-12-04T20:00:00+01:00', '2026-12-07T02:00:00+01:00', 'Europe/Berlin', 'en');
    expect(plain(text)).toBe('Fri, Dec 4, 8:00 PM – Mon, Dec 7, 2:00 AM');
  });

  it("names calendar dates in the reader's language without shifting them a day", () => {
    expect(formatDate('2026-12-05', 'long', 'en')).toBe('Saturday, December 5, 2026');
    expect(formatDate('2026-12-05', 'heading', 'es')).toBe('sábado, 5 de diciembre');
  });

  it('lays a month out in whole weeks from Monday', () => {
    const grid = monthGrid('2026-12');
    expect(grid[0]).toBe('2026-11-30');
    expect(grid.at(-1)).toBe('2027-01-03');
    expect(grid.length % 7).toBe(0);
    expect(monthGrid('2027-02')).toHaveLength(28);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
  });

  it('asks for a window wide enough for every offset', () => {
    expect(windowFor('2026-11-30', '2027-01-03')).toEqual({
      from: '2026-11-29T00:00:00Z',
      to: '2027-01-05T00:00:00Z',
    });
  });

  it("starts the upcoming dates half a day back, on the hour, so tonight's milonga stays listed", () => {
    const now = Date.parse('2026-12-05T02:47:13.500Z');
    expect(upcomingFrom(now)).toBe('2026-12-04T14:00:00.000Z');
    expect(daysAfter(upcomingFrom(now), 30)).toBe('2027-01-03T14:00:00.000Z');
  });

  it('groups dates by day in their order', () => {
    expect(groupBy(['a1', 'a2', 'b1', 'a3'], (s) => s[0] ?? '')).toEqual([
      ['a', ['a1', 'a2', 'a3']],
      ['b', ['b1']],
    ]);
  });
});
