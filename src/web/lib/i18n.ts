import { useSyncExternalStore } from 'react';
import { ApiError, NetworkError } from './api.ts';
import { currentLocale, hasMessage, onLocaleChange, t, type MessageKey, type T } from './i18n-core.ts';

// The language for components; the state and the lookup are in i18n-core.ts.

export * from './i18n-core.ts';

/** t for components: they render again when the language changes. */
export function useT(): T {
  useSyncExternalStore(onLocaleChange, currentLocale);
  return t;
}

/** A translated message for what went wrong (the API's English text is never shown). */
export function errorMessage(translateWith: T, err: unknown): string {
  const code = err instanceof ApiError || err instanceof NetworkError ? err.code : 'INTERNAL';
  return translateWith(`errors.${hasMessage(`errors.${code}`) ? code : 'INTERNAL'}` as MessageKey);
}
