// Dates of events as the venue's clock shows them, in the dancer's language. The API answers instants
// with the venue's offset ("2026-12-05T21:00:00-03:00") and each date of a series by its local date
// ("2026-12-05"), so a calendar day is the venue's day wherever the dancer reads it. Pure: `locale`
// is passed in (components give currentLocale()).

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, { ...options, timeZone })));
  return format;
}

/** "21:00" / "9:00 PM" at the venue. */
export function formatTimeAt(iso: string, timeZone: string, locale: string): string {
  return formatter(locale, timeZone, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** "GMT-3" / "CET": the venue's zone, for a dancer whose own zone is another. */
export function zoneName(iso: string, timeZone: string, locale: string): string {
  const parts = formatter(locale, timeZone, { hour: 'numeric', timeZoneName: 'short' }).formatToParts(
    new Date(iso),
  );
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** The venue's local date of an instant: "2026-12-05". */
export function localDateOf(iso: string): string {
  return iso.slice(0, 10);
}

/** The venue's wall-clock time of an instant, as forms and the API take it: "2026-12-05T21:00". */
export function localDateTimeOf(iso: string): string {
  return iso.slice(0, 16);
}

/** The times of a date: "21:00 – 03:00", or with the days when it lasts more than a night. */
export function formatTimes(startsAt: string, endsAt: string, timeZone: string, locale: string): string {
  const hours = (Date.parse(endsAt) - Date.parse(startsAt)) / 3_600_000;
  if (hours <= 24) {
    return `${formatTimeAt(startsAt, timeZone, locale)} – ${formatTimeAt(endsAt, timeZone, locale)}`;
  }
  const format = formatter(locale, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  });
  return `${format.format(new Date(startsAt))} – ${format.format(new Date(endsAt))}`;
}

const dayStyles = {
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  heading: { weekday: 'long', day: 'numeric', month: 'long' },
  short: { weekday: 'short', day: 'numeric', month: 'short' },
  dayMonth: { day: 'numeric', month: 'short' },
  year: { year: 'numeric' },
  weekday: { weekday: 'short' },
  month: { month: 'long', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A calendar date ("2026-12-05") in words: "Saturday, 5 December 2026" (long), "Sat, 5 Dec" (short)… */
export function formatDate(date: string, style: keyof typeof dayStyles, locale: string): string {
  return formatter(locale, 'UTC', dayStyles[style]).format(utcOf(date));
}

/** Midnight UTC of a calendar date: a date's arithmetic done without any zone's clock changes. */
function utcOf(date: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

const ymd = (at: Date) => at.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const at = utcOf(date);
  at.setUTCDate(at.getUTCDate() + days);
  return ymd(at);
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(date: string): number {
  return (utcOf(date).getUTCDay() + 6) % 7;
}

/** The Monday of the week of `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

/** "2026-12" → "2027-01" (or back, with -1). */
export function addMonths(month: string, months: number): string {
  const at = utcOf(`${month}-01`);
  at.setUTCMonth(at.getUTCMonth() + months);
  return ymd(at).slice(0, 7);
}

/** The days a month's grid shows: whole weeks from the Monday before its first day. */
export function monthGrid(month: string): string[] {
  const first = `${month}-01`;
  const start = startOfWeek(first);
  const last = addDays(`${addMonths(month, 1)}-01`, -1);
  const days: string[] = [];
  for (let day = start; day <= last || weekdayIndex(day) !== 0; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The seven days of the week that starts on `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/**
 * The window of instants to ask the API for so that every date whose local day is in [first, last] is
 * in it, whatever the venue's offset (they run from UTC-12 to UTC+14).
 */
export function windowFor(first: string, last: string): { from: string; to: string } {
  return { from: `${addDays(first, -1)}T00:00:00Z`, to: `${addDays(last, 2)}T00:00:00Z` };
}

/** Half a day back, so a milonga that started before midnight is still on tonight's list. */
export function upcomingFrom(now = Date.now()): string {
  const at = new Date(now - 12 * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString();
}

/** An instant `days` days after another (ISO in, ISO out): the end of a window of upcoming dates. */
export function daysAfter(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

/** Today in the dancer's own zone: "2026-12-05". */
export function today(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Items grouped by a key, in their order: [key, items][] (dates by their local day). */
export function groupBy<T>(items: T[], keyOf: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups];
}

/** The browser's own zone (what a new event's zone starts as). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Every IANA zone the browser knows, for choosing a venue's; the given one first if it is missing. */
export function timeZones(including: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(including) ? all : [including, ...all];
}
