import type { FriendRequest } from '../../../contract/social.ts';
import type { T } from '../../lib/i18n.ts';

// Profile facts in the dancer's language (callers pass currentLocale()): Intl names countries and
// languages, so the catalogue holds only the sentences around them.

const LEVEL_KEYS = [
  'dancer.level.l0',
  'dancer.level.l1',
  'dancer.level.l2',
  'dancer.level.l3',
  'dancer.level.l4',
  'dancer.level.l5',
] as const;

/** 0–5 in words ("Advanced"), the same words the profile forms offer. */
export function levelWords(t: T, level: number): string {
  return t(LEVEL_KEYS[Math.min(Math.max(level, 0), LEVEL_KEYS.length - 1)] ?? LEVEL_KEYS[0]);
}

// Intl objects are costly to build and cheap to use: one of each per language and options.
const intl = new Map<string, Intl.DisplayNames | Intl.ListFormat | Intl.DateTimeFormat>();
function once<T extends Intl.DisplayNames | Intl.ListFormat | Intl.DateTimeFormat>(
  key: string,
  make: () => T,
): T {
  let value = intl.get(key) as T | undefined;
  if (!value) intl.set(key, (value = make()));
  return value;
}

function displayName(locale: string, type: 'region' | 'language', code: string): string {
  try {
    return once(`names:${locale}:${type}`, () => new Intl.DisplayNames([locale], { type })).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "AR" → "Argentina". */
export const countryName = (locale: string, code: string): string =>
  displayName(locale, 'region', code.toUpperCase());

/** ["es", "en"] → "Spanish and English" / "español y inglés". */
export function languageList(locale: string, codes: string[]): string {
  const names = codes.map((c) => displayName(locale, 'language', c));
  try {
    return once(`list:${locale}`, () => new Intl.ListFormat(locale, { type: 'conjunction' })).format(names);
  } catch {
    return names.join(', ');
  }
}

/** "2025-03-14T…" → "March 2025". */
export function monthYear(locale: string, iso: string): string {
  return once(
    `month:${locale}`,
    () => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }),
  ).format(new Date(iso));
}

/** "2025-03-12" (a calendar day, no time zone) → "12 March", with the year when it is not this year's. */
export function calendarDay(locale: string, day: string, now = new Date()): string {
  const date = new Date(`${day}T12:00:00Z`);
  const sameYear = date.getUTCFullYear() === now.getFullYear();
  return once(
    `day:${locale}:${sameYear}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'long',
        ...(sameYear ? {} : { year: 'numeric' }),
        timeZone: 'UTC',
      }),
  ).format(date);
}

/** The "we danced" note of a request ("We danced at El Beso on 12 March"), or null without one. */
export function dancedNote(
  t: T,
  locale: string,
  fr: Pick<FriendRequest, 'danced' | 'where' | 'when'>,
  now = new Date(),
): string | null {
  if (!fr.danced && !fr.where && !fr.when) return null;
  const date = fr.when ? calendarDay(locale, fr.when, now) : null;
  if (fr.where && date) return t('profile.dancedAtOn', { where: fr.where, date });
  if (fr.where) return t('profile.dancedAt', { where: fr.where });
  if (date) return t('profile.dancedOn', { date });
  return t('profile.dancedOnly');
}

/** Today as YYYY-MM-DD in the viewer's time zone (the latest "when" a request may carry). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
