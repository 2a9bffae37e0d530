// Builds the app's Intl formats once in a language, then closes. The browser keeps the locale data it
// loaded for them (Chromium for the whole page's process), so the page's own first formats do not load it
// on the main thread: there, the first Intl.DisplayNames of regions took 17–29 ms, and 0.1 ms once this
// worker had run (Chromium 156, docs/ARCHITECTURE.md). The options follow lib/format.ts and
// features/profile/profile-format.ts; a format left out here only costs its first use what it did before.

function warm(locale: string): void {
  const now = new Date();
  new Intl.DisplayNames([locale], { type: 'region' }).of('AR');
  new Intl.DisplayNames([locale], { type: 'language' }).of('es');
  new Intl.ListFormat(locale, { type: 'conjunction' }).format(['a', 'b']);
  new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-1, 'day');
  new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(1234);
  new Intl.PluralRules(locale).select(2);
  for (const options of [
    { month: 'long', year: 'numeric' },
    { day: 'numeric', month: 'long', timeZone: 'UTC' },
    { dateStyle: 'long', timeStyle: 'short' },
    { dateStyle: 'full' },
    { timeStyle: 'short' },
  ] satisfies Intl.DateTimeFormatOptions[]) {
    new Intl.DateTimeFormat(locale, options).format(now);
  }
}

addEventListener('message', (event: MessageEvent<string>) => {
  try {
    warm(event.data);
  } finally {
    close();
  }
});
