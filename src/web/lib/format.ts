import { currentLocale } from './i18n.ts';

// Counts and times in the dancer's language: Intl does the work, cached per locale.

const numberFormats = new Map<string, Intl.NumberFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (!value) map.set(key, (value = make()));
  return value;
}

/** 1234 → "1.234" (es) / "1,234" (en); large counts compact: 12.3 k. */
export function formatCount(n: number): string {
  // Under a thousand both languages write the plain digits: no Intl object to build (building the first
  // one loads the locale's data, which a badge on the first paint should not wait for).
  if (Number.isInteger(n) && n >= 0 && n < 1000) return String(n);
  const locale = currentLocale();
  const compact = n >= 10_000;
  return cached(
    numberFormats,
    `${locale}:${compact}`,
    () => new Intl.NumberFormat(locale, compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
  ).format(n);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "hace 5 minutos" / "5 minutes ago", in the viewer's time. */
export function formatRelative(iso: string, now = Date.now()): string {
  const locale = currentLocale();
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = cached(
    relativeFormats,
    locale,
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  );
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'minute');
}

/** The full date and time, for a tooltip or a datetime attribute's label. */
export function formatDateTime(iso: string): string {
  const locale = currentLocale();
  return cached(
    dateFormats,
    locale,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
  ).format(new Date(iso));
}

/**
 * The full date and time as a tooltip, written the first time the pointer comes over the element (spread
 * on it: `{...dateTimeTitle(iso)}`). Building the first long-date formatter of a language loads its locale
 * data, about 25 ms on this machine (100 ms on Lighthouse's phone), which a feed's first cards should not
 * pay for a tooltip nobody has asked for yet.
 */
export function dateTimeTitle(iso: string): { onPointerEnter: (e: { currentTarget: HTMLElement }) => void } {
  return {
    onPointerEnter: (e) => {
      const full = formatDateTime(iso);
      if (e.currentTarget.title !== full) e.currentTarget.title = full;
    },
  };
}

/** "14:05" / "2:05 PM": a message's time. */
export function formatTime(iso: string): string {
  const locale = currentLocale();
  return cached(
    dateFormats,
    `${locale}:time`,
    () => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }),
  ).format(new Date(iso));
}

/** "miércoles, 2 de diciembre de 2026": a day separator in a conversation. */
export function formatDay(iso: string): string {
  const locale = currentLocale();
  return cached(
    dateFormats,
    `${locale}:day`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'full' }),
  ).format(new Date(iso));
}
