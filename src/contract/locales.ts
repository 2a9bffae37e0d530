/** The languages the app speaks; the first is the default. Server, database and web app read them here. */
export const SUPPORTED_LOCALES = ['es', 'en'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The first supported language among language tags in order of preference ("es-AR", "en;q=0.8"), by
 * their primary subtag; the default when none is supported.
 */
export function pickLocale(tags: Iterable<string>): Locale {
  for (const tag of tags) {
    const primary = tag.trim().toLowerCase().split(/[-_;]/)[0] ?? '';
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}
