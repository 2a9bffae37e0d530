import { addDays, weekdayIndex } from './event-time.ts';

// How a series repeats, as the form offers it (weekly on a weekday, monthly on the nth weekday), and
// the RRULE the API takes for it. A rule the form cannot show (written by another client) is kept as
// it is.

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Which weekday of the month: the first … fourth, or the last (-1). */
export const NTHS = [1, 2, 3, 4, -1] as const;
export type Nth = (typeof NTHS)[number];
/** The catalogue's name of each nth (events.nth.*). */
export const NTH_NAMES = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' } as const;

export type RepeatEnd =
  { kind: 'count'; count: number } | { kind: 'until'; until: string } | { kind: 'never' };

export type Repeat =
  | { kind: 'none' }
  | { kind: 'weekly'; weekday: Weekday; end: RepeatEnd }
  | { kind: 'monthly'; nth: Nth; weekday: Weekday; end: RepeatEnd }
  | { kind: 'custom'; rule: string };

export const DEFAULT_COUNT = 10;

/** The weekday of a date ("2026-12-04" → FR), and which of the month it is (the first Friday: 1). */
export function weekdayOfDate(date: string): { weekday: Weekday; nth: Nth } {
  const weekday = WEEKDAYS[weekdayIndex(date)] ?? 'MO';
  const day = Number(date.slice(8, 10));
  const isLast = addDays(date, 7).slice(5, 7) !== date.slice(5, 7);
  const nth = Math.ceil(day / 7);
  return { weekday, nth: nth >= 5 || (nth === 4 && isLast) ? -1 : (nth as Nth) };
}

function endPart(end: RepeatEnd): string {
  if (end.kind === 'count') return `;COUNT=${Math.max(1, Math.floor(end.count))}`;
  if (end.kind === 'until') return `;UNTIL=${end.until.replaceAll('-', '')}`;
  return '';
}

/** The RRULE of a repeat; null for a single date. */
export function toRrule(repeat: Repeat): string | null {
  switch (repeat.kind) {
    case 'none':
      return null;
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${repeat.weekday}${endPart(repeat.end)}`;
    case 'monthly':
      return `FREQ=MONTHLY;BYDAY=${repeat.nth}${repeat.weekday}${endPart(repeat.end)}`;
    case 'custom':
      return repeat.rule;
  }
}

/** The repeat an RRULE describes, when the form can show it; otherwise a custom one that keeps it. */
export function fromRrule(rule: string | null): Repeat {
  if (!rule) return { kind: 'none' };
  const parts = new Map(
    rule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((part) => {
        const [key = '', value = ''] = part.split('=');
        return [key.toUpperCase(), value.toUpperCase()] as const;
      }),
  );
  const custom: Repeat = { kind: 'custom', rule };
  const known = new Set(['FREQ', 'BYDAY', 'COUNT', 'UNTIL']);
  if ([...parts.keys()].some((key) => !known.has(key))) return custom;
  let end: RepeatEnd = { kind: 'never' };
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count !== undefined) {
    if (!/^\d+$/.test(count)) return custom;
    end = { kind: 'count', count: Number(count) };
  } else if (until !== undefined) {
    const date = /^(\d{4})(\d{2})(\d{2})$/.exec(until);
    if (!date) return custom;
    end = { kind: 'until', until: `${date[1]}-${date[2]}-${date[3]}` };
  }
  const byDay = /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(parts.get('BYDAY') ?? '');
  if (!byDay) return custom;
  const weekday = byDay[2] as Weekday;
  const freq = parts.get('FREQ');
  if (freq === 'WEEKLY' && byDay[1] === undefined) return { kind: 'weekly', weekday, end };
  const nth = Number(byDay[1]);
  if (freq === 'MONTHLY' && (NTHS as readonly number[]).includes(nth)) {
    return { kind: 'monthly', nth: nth as Nth, weekday, end };
  }
  return custom;
}
