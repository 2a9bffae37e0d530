import type { Locale } from '../../src/contract/locales.ts';
import { TANGO_ROLES, type TangoRole } from '../../src/contract/users.ts';
import { seededUuidV7 } from './ids.ts';
import { Rng, WeightedPicker } from './random.ts';
import { BIOS_EN, BIOS_ES, GIVEN_NAMES, SURNAMES } from './vocabulary/people.ts';
import { CITIES, type City } from './vocabulary/places.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
const PLATFORM_AGE_MS = 3 * 365 * DAY_MS;
/** Share of the community who teach, DJ or organise: the accounts with thousands of followers. */
const PRO_SHARE = 0.015;

export interface SeedUser {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  cityIndex: number;
  city: City;
  languages: string[];
  roles: TangoRole[];
  leaderLevel: number | null;
  followerLevel: number | null;
  yearsDancing: number;
  locale: Locale;
  emailVerified: boolean;
  joinedAt: number;
  writesSpanish: boolean;
  isPro: boolean;
  /** Relative chance of being followed (heavy-tailed). */
  popularity: number;
  /** Relative number of memories posted. */
  activity: number;
}

function slug(text: string, max: number): string {
  return text
    .replace(/ı/g, 'i')
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, max);
}

function uniqueUsername(given: string, surname: string, rng: Rng, taken: Set<string>): string {
  const g = slug(given, 12) || 'tanguero';
  const s = slug(surname, 12) || 'milonga';
  const candidates = [`${g}_${s}`, `${g}${s}`, `${g}_${s.slice(0, 1)}`, `${s}_${g}`, `${g}_${s}_tango`];
  for (const c of candidates) if (!taken.has(c)) return c;
  for (;;) {
    const c = `${g}_${s}${rng.between(2, 9999)}`;
    if (!taken.has(c)) return c;
  }
}

const PRO_ROLES: readonly (readonly TangoRole[])[] = [
  ['dancer', 'teacher'],
  ['dancer', 'teacher'],
  ['dancer', 'teacher', 'performer'],
  ['dj'],
  ['dancer', 'dj'],
  ['dancer', 'organizer'],
  ['organizer', 'dj'],
  ['dancer', 'teacher', 'organizer'],
];

/** Extra roles of everyday members and how often they hold them. */
const EXTRA_ROLES: readonly [TangoRole, number][] = [
  ['traveller', 0.12],
  ['host', 0.03],
  ['photographer', 0.02],
  ['teacher', 0.02],
  ['musician', 0.015],
  ['dj', 0.015],
  ['organizer', 0.01],
  ['performer', 0.01],
];

function rolesFor(rng: Rng, isPro: boolean): TangoRole[] {
  if (isPro) return [...rng.pick(PRO_ROLES)];
  if (rng.chance(0.004)) return [rng.pick(['venue', 'school', 'vendor'] as const)];
  const roles: TangoRole[] = ['dancer'];
  for (const [role, p] of EXTRA_ROLES) if (rng.chance(p)) roles.push(role);
  return TANGO_ROLES.filter((r) => roles.includes(r));
}

function levels(rng: Rng, roles: TangoRole[], years: number) {
  if (!roles.includes('dancer')) return { leaderLevel: null, followerLevel: null };
  const main = Math.min(5, Math.max(0, Math.round(Math.log2(1 + years) + rng.normal() * 0.7)));
  const side = Math.max(0, main - rng.between(1, 4));
  const style = rng.next();
  if (style < 0.45) return { leaderLevel: main, followerLevel: rng.chance(0.3) ? side : null };
  if (style < 0.9) return { leaderLevel: rng.chance(0.2) ? side : null, followerLevel: main };
  return { leaderLevel: main, followerLevel: Math.max(side, main - 1) };
}

function languagesFor(rng: Rng, city: City): { languages: string[]; writesSpanish: boolean } {
  const languages = [...city.languages];
  if (!languages.includes('en') && rng.chance(0.45)) languages.push('en');
  if (!languages.includes('es') && rng.chance(0.25)) languages.push('es');
  const pSpanish = city.names === 'es' ? 0.88 : languages.includes('es') ? 0.4 : 0.06;
  return { languages, writesSpanish: rng.chance(pSpanish) };
}

/**
 * The members of the community, oldest account first. `taken` holds usernames already in the
 * database (lower case); it is extended with the new ones.
 */
export function generateUsers(count: number, seed: string, now: number, taken: Set<string>): SeedUser[] {
  const rng = new Rng(seed, 'users');
  const cityPicker = new WeightedPicker(CITIES.map((c) => c.weight));
  // Heavy-tailed but capped: with picks made without repeats, an uncapped tail would have the top
  // two accounts followed by nearly everyone.
  const popularity = Array.from({ length: count }, () => Math.min(150, rng.pareto(1.3)));
  const proThreshold = [...popularity].sort((a, b) => b - a)[Math.floor(count * PRO_SHARE)] ?? Infinity;

  const drafts = popularity.map((pop) => {
    const isPro = pop > proThreshold;
    const cityIndex = cityPicker.pick(rng);
    const city = CITIES[cityIndex] ?? CITIES[0];
    if (!city) throw new Error('no cities');
    const given = rng.pick(GIVEN_NAMES[city.names]);
    const surname = rng.pick(SURNAMES[city.names]);
    const roles = rolesFor(rng, isPro);
    const yearsDancing = isPro ? rng.between(8, 40) : Math.min(50, Math.floor(rng.logNormal(4, 0.9)));
    const { languages, writesSpanish } = languagesFor(rng, city);
    // Teachers and organisers were here from the start; members keep arriving, faster lately.
    const age = isPro ? PLATFORM_AGE_MS * (0.6 + 0.4 * rng.next()) : PLATFORM_AGE_MS * rng.next() ** 1.4;
    const lurker = !isPro && rng.chance(0.3);
    const poster = roles.includes('photographer') || roles.includes('venue') ? 2.5 : 1;
    const bios = writesSpanish ? BIOS_ES : BIOS_EN;
    return {
      given,
      surname,
      cityIndex,
      city,
      roles,
      yearsDancing,
      languages,
      writesSpanish,
      isPro,
      ...levels(rng, roles, yearsDancing),
      displayName: rng.chance(0.06) ? `${given} ${surname.slice(0, 1)}.` : `${given} ${surname}`,
      bio: rng.chance(0.2)
        ? ''
        : rng
            .pick(bios)
            .replace('{years}', String(Math.max(1, yearsDancing)))
            .replace('{city}', city.name),
      emailVerified: rng.chance(0.92),
      joinedAt: Math.floor(now - age),
      popularity: isPro ? pop * 4 : pop,
      activity: rng.logNormal(1, 0.9) * (isPro ? 3 : 1) * poster * (lurker ? 0.08 : 1),
    };
  });
  drafts.sort((a, b) => a.joinedAt - b.joinedAt);

  const idRng = new Rng(seed, 'user-ids');
  return drafts.map((d) => {
    const username = uniqueUsername(d.given, d.surname, rng, taken);
    taken.add(username);
    return {
      id: seededUuidV7(d.joinedAt, idRng),
      username,
      displayName: d.displayName,
      bio: d.bio,
      cityIndex: d.cityIndex,
      city: d.city,
      languages: d.languages,
      roles: d.roles,
      leaderLevel: d.leaderLevel,
      followerLevel: d.followerLevel,
      yearsDancing: d.yearsDancing,
      locale: d.writesSpanish ? 'es' : 'en',
      emailVerified: d.emailVerified,
      joinedAt: d.joinedAt,
      writesSpanish: d.writesSpanish,
      isPro: d.isPro,
      popularity: d.popularity,
      activity: d.activity,
    };
  });
}
