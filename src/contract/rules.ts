// The rules and names server and web app share, with no zod: the web app imports values only from here
// and locales.ts (zod, the schemas' runtime, would add ~24 KB gzip to every page it loads; see
// docs/ARCHITECTURE.md). The zod schemas in the other contract files are built from these.

export const PASSWORD_MIN_LENGTH = 10;
// Any length would do for argon2, but an unbounded input is free CPU for an attacker.
export const PASSWORD_MAX_LENGTH = 256;

/** The policy's length rule, counted in code points (what a person counts), on the server and in the app. */
export function isLongEnoughPassword(password: string): boolean {
  return [...password].length >= PASSWORD_MIN_LENGTH;
}

/**
 * The session cookies: the refresh token (httpOnly) and the CSRF token the web app reads and echoes in
 * the X-CSRF-Token header. Over HTTPS they carry the __Host- prefix, with which browsers insist on
 * Secure, Path=/ and no Domain, so a sibling subdomain cannot plant them; browsers refuse that prefix
 * without Secure, so over plain HTTP they keep the bare names.
 */
export function sessionCookieNames(isHttps: boolean): { refresh: string; csrf: string } {
  return isHttps
    ? { refresh: '__Host-abrazo_refresh', csrf: '__Host-abrazo_csrf' }
    : { refresh: 'abrazo_refresh', csrf: 'abrazo_csrf' };
}
export const CSRF_HEADER = 'x-csrf-token';

export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 30;
/** USERNAME_MIN_LENGTH to USERNAME_MAX_LENGTH letters, digits, "_" or ".", with no "." at either end. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])$/;
export const DISPLAY_NAME_MAX_LENGTH = 80;
export const BIO_MAX_LENGTH = 2000;
export const EMAIL_MAX_LENGTH = 254;
export const CITY_MAX_LENGTH = 100;
/** ISO 3166-1 alpha-2, in capitals ("AR"). */
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;
/** ISO 639-1 ("es"). */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2}$/;
export const LANGUAGES_MAX = 20;
/** Leader and follower levels, 0 (just starting) to 5 (teacher level). */
export const DANCE_LEVEL_MAX = 5;

export const TANGO_ROLES = [
  'dancer',
  'teacher',
  'dj',
  'organizer',
  'performer',
  'musician',
  'photographer',
  'host',
  'venue',
  'school',
  'vendor',
  'traveller',
] as const;
export type TangoRole = (typeof TANGO_ROLES)[number];

export const DIRECT_MESSAGES_VALUES = ['everyone', 'following', 'friends'] as const;
export const VISIBILITY_VALUES = ['public', 'followers', 'friends', 'private'] as const;
/** What a memory's visibility may be: one a dancer chooses, or 'group' for one shared in a group (its readers see it). */
export const MEMORY_VISIBILITY_VALUES = [...VISIBILITY_VALUES, 'group'] as const;
export const REACTION_VALUES = ['like', 'love', 'laugh', 'wow', 'sad', 'abrazo'] as const;
export const NOTIFICATION_VALUES = [
  'follow',
  'friend_request',
  'friend_accepted',
  'comment',
  'reply',
  'reaction',
  'mention',
  'group_request',
  'group_approved',
  'event_rsvp',
  'event_promoted',
  'event_partner',
  'event_changed',
  'event_cancelled',
  'event_credit',
  'event_invited',
] as const;

export const REPORT_TARGET_VALUES = ['memory', 'comment', 'user'] as const;
export const REPORT_REASON_VALUES = [
  'spam',
  'harassment',
  'inappropriate',
  'impersonation',
  'other',
] as const;
export const REPORT_STATUS_VALUES = ['open', 'resolved', 'dismissed'] as const;

/** A friend request's "we danced" note: where (a milonga, a city) and an optional message. */
export const FRIEND_REQUEST_WHERE_MAX_LENGTH = 200;
export const FRIEND_REQUEST_MESSAGE_MAX_LENGTH = 500;

export const MESSAGE_MAX_CHARS = 4000;

/** A memory's body, counted in code points (an emoji counts once), as the database counts. */
export const MEMORY_BODY_MAX_CHARS = 5000;
export const REPORT_DETAILS_MAX_LENGTH = 1000;
/** At most this many dancers answer a search by name prefix (GET /users?q=, mention autocomplete). */
export const USER_SEARCH_MAX_RESULTS = 10;

// Hashtags and mentions as the server reads them from a memory's body (the web app links the same
// spans). Global, for matchAll; test with a copy. A tag starts after a non-word character (so "a#b"
// and "&#39;" are not tags) and needs a letter (checked apart); "@ana." mentions ana.
export const HASHTAG_PATTERN = /(?<![\p{L}\p{N}_&#])#([\p{L}\p{M}\p{N}_]{1,50})(?![\p{L}\p{M}\p{N}_])/gu;
export const MENTION_PATTERN =
  /(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_])/gu;
/** A comment's body, counted in code points (an emoji counts once), as Postgres' char_length does. */
export const COMMENT_MAX_CHARS = 2000;
export const GROUP_MAX_MEMBERS = 500;
export const GROUP_NAME_MAX_LENGTH = 100;
/** Conversations one message:received confirmation may name. */
export const MAX_RECEIVED_ENTRIES = 100;

// A session's device as its user agent names it: the server labels it in English ("Firefox on Linux")
// unless the client chose a name; the web app says the same in the dancer's language.
const UA_BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const UA_SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** The browser and the system a user agent names, where it names them. */
export function userAgentParts(userAgent: string): { browser?: string; system?: string } {
  const browser = UA_BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = UA_SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  return { ...(browser ? { browser } : {}), ...(system ? { system } : {}) };
}

/** The server's label for a device it was given no name for. */
export function deviceLabel(userAgent: string): string {
  const { browser, system } = userAgentParts(userAgent);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'Unknown device';
}

/** Community groups (contract/groups.ts); their names share GROUP_NAME_MAX_LENGTH with group chats. */
export const GROUP_DESCRIPTION_MAX_LENGTH = 2000;
export const GROUP_VISIBILITY_VALUES = ['public', 'private'] as const;
/** A group's roles, from most to least powerful. */
export const GROUP_ROLES = ['owner', 'admin', 'moderator', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/** Events (contract/events.ts). */
export const EVENT_TYPES = [
  'milonga',
  'practica',
  'clase',
  'workshop',
  'encuentro',
  'marathon',
  'festival',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const EVENT_LEVELS = ['all', 'beginner', 'intermediate', 'advanced'] as const;
/** The two roles of the embrace; an event's caps and balance count them. */
export const DANCE_ROLES = ['leader', 'follower'] as const;
export type DanceRole = (typeof DANCE_ROLES)[number];
/** What a dancer answers to an event … */
export const RSVP_ANSWERS = ['going', 'interested', 'not_going'] as const;
/** … and where that leaves them: 'going' may become 'waitlisted' when a limit would break. */
export const RSVP_STATES = ['going', 'waitlisted', 'interested', 'not_going'] as const;
export type RsvpState = (typeof RSVP_STATES)[number];
export const EVENT_CREDIT_ROLES = ['teacher', 'dj', 'performer', 'musician', 'organiser'] as const;
export type EventCreditRole = (typeof EVENT_CREDIT_ROLES)[number];
export const EVENT_TITLE_MAX_LENGTH = 120;
export const EVENT_DESCRIPTION_MAX_LENGTH = 5000;
export const EVENT_VENUE_MAX_LENGTH = 200;
export const EVENT_DRESS_CODE_MAX_LENGTH = 100;
export const EVENT_CREDITS_MAX = 30;
export const EVENT_CO_ORGANISERS_MAX = 10;
/** The most dancers one invitation request names; the global rate limit covers the rest. */
export const EVENT_INVITATIONS_MAX = 20;
/** A series is listed this many days ahead (housekeeping extends it day by day) … */
export const EVENT_SERIES_HORIZON_DAYS = 400;
/** … and never with more dates than this. */
export const EVENT_SERIES_MAX_OCCURRENCES = 120;
