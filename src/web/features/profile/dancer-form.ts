import { DANCE_LEVEL_MAX, TANGO_ROLES, type TangoRole } from '../../../contract/rules.ts';
import type { PublicUser } from '../../../contract/users.ts';
import { currentLocale } from '../../lib/i18n.ts';
import { isCountryCode, isValidDisplayName, parseLanguageCodes } from '../auth/auth.rules.ts';

// The dancer's profile as its forms (onboarding, settings) hold it: the text as typed, its checks, and
// the parts of a PATCH /me body each form builds its own way.

/** The languages most tango dancers list; any other goes in by its ISO code. */
export const COMMON_LANGUAGES = ['es', 'en', 'pt', 'it', 'fr', 'de'] as const;
export const LEVELS = Array.from({ length: DANCE_LEVEL_MAX + 1 }, (_, i) => i);
export const YEARS_MAX = 100;

export type DanceAs = 'none' | 'leader' | 'follower' | 'both';

export interface DancerValues {
  displayName: string;
  city: string;
  country: string;
  bio: string;
  roles: TangoRole[];
  danceAs: DanceAs;
  leaderLevel: string;
  followerLevel: string;
  languages: string[];
  otherLanguages: string;
  yearsDancing: string;
}

/** The fields of PATCH /me the forms edit: a refusal that names none of them is the form's. */
export const DANCER_FIELDS = [
  'displayName',
  'city',
  'country',
  'bio',
  'roles',
  'leaderLevel',
  'followerLevel',
  'languages',
  'yearsDancing',
] as const;

/** What the forms read of a dancer: PublicUser and Me both have it. */
export type DancerProfile = Pick<
  PublicUser,
  | 'displayName'
  | 'city'
  | 'country'
  | 'bio'
  | 'roles'
  | 'leaderLevel'
  | 'followerLevel'
  | 'languages'
  | 'yearsDancing'
>;

export function initialValues(user: DancerProfile): DancerValues {
  const common = new Set<string>(COMMON_LANGUAGES);
  const leads = user.leaderLevel !== null;
  const follows = user.followerLevel !== null;
  return {
    displayName: user.displayName,
    city: user.city ?? '',
    country: user.country ?? '',
    bio: user.bio,
    roles: user.roles,
    danceAs: leads && follows ? 'both' : leads ? 'leader' : follows ? 'follower' : 'none',
    leaderLevel: user.leaderLevel?.toString() ?? '',
    followerLevel: user.followerLevel?.toString() ?? '',
    languages: user.languages.filter((l) => common.has(l)),
    otherLanguages: user.languages.filter((l) => !common.has(l)).join(', '),
    yearsDancing: user.yearsDancing?.toString() ?? '',
  };
}

const isYears = (text: string) => text === '' || (/^\d{1,3}$/.test(text) && Number(text) <= YEARS_MAX);

/** The checks made before sending; the server's refusal covers the rest. */
export function invalidFields(values: DancerValues) {
  return {
    displayName: !isValidDisplayName(values.displayName),
    country: values.country !== '' && !isCountryCode(values.country),
    otherLanguages: parseLanguageCodes(values.otherLanguages).invalid.length > 0,
    yearsDancing: !isYears(values.yearsDancing),
  };
}
export type CheckedField = keyof ReturnType<typeof invalidFields>;

export function dancesAs(danceAs: DanceAs): { leads: boolean; follows: boolean } {
  return {
    leads: danceAs === 'leader' || danceAs === 'both',
    follows: danceAs === 'follower' || danceAs === 'both',
  };
}

/** The levels of the roles danced, null where none is chosen. */
export function levelsOf(values: DancerValues): { leaderLevel: number | null; followerLevel: number | null } {
  const { leads, follows } = dancesAs(values.danceAs);
  return {
    leaderLevel: leads && values.leaderLevel !== '' ? Number(values.leaderLevel) : null,
    followerLevel: follows && values.followerLevel !== '' ? Number(values.followerLevel) : null,
  };
}

/** Roles in the catalogue's order. */
export const rolesOf = (values: DancerValues): TangoRole[] =>
  TANGO_ROLES.filter((r) => values.roles.includes(r));

/** The chips' languages and the typed codes, once each. */
export const languagesOf = (values: DancerValues): string[] => [
  ...new Set([...values.languages, ...parseLanguageCodes(values.otherLanguages).codes]),
];

export function displayNames(type: 'language' | 'region'): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames([currentLocale()], { type });
  } catch {
    return undefined;
  }
}

/** "portugués" → "Portugués": names shown as list items start with a capital. */
export const capitalised = (text: string): string =>
  text.charAt(0).toLocaleUpperCase(currentLocale()) + text.slice(1);
