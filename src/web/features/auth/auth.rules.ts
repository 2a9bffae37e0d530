import {
  COUNTRY_CODE_PATTERN,
  DISPLAY_NAME_MAX_LENGTH,
  isLongEnoughPassword,
  LANGUAGE_CODE_PATTERN,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
} from '../../../contract/rules.ts';

// The API's rules as the forms show them while the dancer types. The server stays the judge (the common-
// password list is only there); these only say early what it would answer.

/** USERNAME_PATTERN split into the three things a person can fix one at a time. */
export function usernameRules(username: string) {
  const rules = {
    length: username.length >= USERNAME_MIN_LENGTH && username.length <= USERNAME_MAX_LENGTH,
    charset: username.length > 0 && /^[A-Za-z0-9_.]+$/.test(username),
    ends: username.length > 0 && !username.startsWith('.') && !username.endsWith('.'),
  };
  return { ...rules, valid: USERNAME_PATTERN.test(username) };
}

/** The server's "not your username or email" rule (modules/auth/passwords.ts), ignoring case. */
export function isPersonalPassword(
  password: string,
  personal: { username?: string; email?: string },
): boolean {
  const lowered = password.toLowerCase();
  return [personal.username, personal.email, personal.email?.split('@')[0]]
    .filter((v): v is string => typeof v === 'string' && v.length >= 3)
    .some((v) => v.toLowerCase() === lowered);
}

export function passwordRules(password: string, personal: { username?: string; email?: string } = {}) {
  const length = isLongEnoughPassword(password);
  const notPersonal = password.length > 0 && !isPersonalPassword(password, personal);
  return { length, notPersonal, valid: length && notPersonal };
}

/** A shape check only: the server's email rule decides, and its refusal is shown on the field. */
export const looksLikeEmail = (email: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(email.trim());

export const isValidDisplayName = (name: string): boolean => {
  const trimmed = name.trim();
  return trimmed.length >= 1 && trimmed.length <= DISPLAY_NAME_MAX_LENGTH;
};

export const isCountryCode = (code: string): boolean => COUNTRY_CODE_PATTERN.test(code);
export const isLanguageCode = (code: string): boolean => LANGUAGE_CODE_PATTERN.test(code);

/** "ja, ru pt" → ["ja", "ru", "pt"]; anything that is not a two-letter code is returned in `invalid`. */
export function parseLanguageCodes(text: string): { codes: string[]; invalid: string[] } {
  const parts = text
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean);
  return { codes: parts.filter(isLanguageCode), invalid: parts.filter((p) => !isLanguageCode(p)) };
}

/**
 * Where to go after logging in: a path on this site from ?next=, else home. Anything that could leave
 * the site ("//evil.example", "/\\evil.example", "https://…") is ignored.
 */
export function safeNext(next: string | null | undefined, origin = window.location.origin): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  try {
    const url = new URL(next, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

/** The body fields an API error names (`body.username` → "username"; `body.languages.2` → "languages"). */
export function fieldsAtFault(err: unknown): Set<string> {
  const fields = new Set<string>();
  // Read structurally (an ApiError's details), so this file stays free of the API client for its tests.
  const details: unknown =
    typeof err === 'object' && err !== null ? (err as { details?: unknown }).details : [];
  if (!Array.isArray(details)) return fields;
  for (const detail of details as { path?: unknown }[]) {
    if (typeof detail.path !== 'string') continue;
    const [where, field] = detail.path.split('.');
    if (where === 'body' && field) fields.add(field);
  }
  return fields;
}
