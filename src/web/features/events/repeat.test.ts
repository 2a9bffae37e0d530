import { describe, expect, it } from 'vitest';
import { fromRrule, toRrule, weekdayOfDate, type Repeat } from './repeat.ts';

describe('the repeat of a series in the event form', () => {
  it('builds weekly and monthly rules with a number of dates, an end date or no end', () => {
    expect(toRrule({ kind: 'none' })).toBeNull();
    expect(toRrule({ kind: 'weekly', weekday: 'FR', end: { kind: 'count', count: 10 } })).toBe(
      'FREQ=WEEKLY;BYDAY=FR;COUNT=10',
    );
    expect(
      toRrule({ kind: 'monthly', nth: 2, weekday: 'FR', end: { kind: 'until', until: '2027-03-01' } }),
    ).toBe('FREQ=MONTHLY;BYDAY=2FR;UNTIL=20270301');
    expect(toRrule({ kind: 'monthly', nth: -1, weekday: 'SU', end: { kind: 'never' } })).toBe(
      'FREQ=MONTHLY;BYDAY=-1SU',
    );
  });

  it('reads back every rule it builds, and keeps any other as it is', () => {
    const repeats: Repeat[] = [
      { kind: 'none' },
      { kind: 'weekly', weekday: 'TU', end: { kind: 'never' } },
      { kind: 'weekly', weekday: 'FR', end: { kind: 'count', count: 3 } },
      { kind: 'monthly', nth: 1, weekday: 'SA', end: { kind: 'until', until: '2026-12-31' } },
      { kind: 'monthly', nth: -1, weekday: 'SU', end: { kind: 'never' } },
    ];
    for (const repeat of repeats) expect(fromRrule(toRrule(repeat))).toEqual(repeat);
    for (const rule of [
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
      'FREQ=WEEKLY;BYDAY=MO,TH',
      'FREQ=MONTHLY;BYMONTHDAY=5',
    ]) {
      expect(fromRrule(rule)).toEqual({ kind: 'custom', rule });
    }
    expect(fromRrule('RRULE:FREQ=WEEKLY;BYDAY=FR')).toEqual({
      kind: 'weekly',
      weekday: 'FR',
      end: { kind: 'never' },
    });
  });

  it("names a date's weekday and which of its month it is, the last one as last", () => {
    expect(weekdayOfDate('2026-12-04')).toEqual({ weekday: 'FR', nth: 1 });
    expect(weekdayOfDate('2026-12-11')).toEqual({ weekday: 'FR', nth: 2 });
    expect(weekdayOfDate('2026-12-25')).toEqual({ weekday: 'FR', nth: -1 });
    expect(weekdayOfDate('2026-12-31')).toEqual({ weekday: 'TH', nth: -1 });
    expect(weekdayOfDate('2026-12-24')).toEqual({ weekday: 'TH', nth: 4 });
  });
});
