import type { Locale } from '../../contract/locales.ts';

// The catalogue in parts, one chunk per part and language. The core (the shell, navigation, errors, the
// home feed…) comes with the first render; each area comes with the pages that use it (app/pages.ts) and
// its messages are keyed under its name ('chat.title'). To add an area: write en/<area>.ts and
// es/<area>.ts, add a line for each below, and name the area beside the pages that need it.

const english = {
  core: () => import('./en/core.ts').then((m) => m.core),
  auth: () => import('./en/auth.ts').then((m) => m.auth),
  onboarding: () => import('./en/onboarding.ts').then((m) => m.onboarding),
  dancer: () => import('./en/dancer.ts').then((m) => m.dancer),
  memory: () => import('./en/memory.ts').then((m) => m.memory),
  profile: () => import('./en/profile.ts').then((m) => m.profile),
  cities: () => import('./en/cities.ts').then((m) => m.cities),
  notifications: () => import('./en/notifications.ts').then((m) => m.notifications),
  bookmarks: () => import('./en/bookmarks.ts').then((m) => m.bookmarks),
  settings: () => import('./en/settings.ts').then((m) => m.settings),
  reports: () => import('./en/reports.ts').then((m) => m.reports),
  chat: () => import('./en/chat.ts').then((m) => m.chat),
  groups: () => import('./en/groups.ts').then((m) => m.groups),
  events: () => import('./en/events.ts').then((m) => m.events),
};

/** The core, or an area, by name. */
export type Part = keyof typeof english;
export type Area = Exclude<Part, 'core'>;

/** The shape of a part in every language: the English file's keys, any strings. */
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Messages<P extends Part> = Strings<Awaited<ReturnType<(typeof english)[P]>>>;

// Every part in Spanish too: a part missing here is a type error, and so is a key missing or extra in an
// es/ file (each is typed with its Messages).
const spanish: { [P in Part]: () => Promise<Messages<P>> } = {
  core: () => import('./es/core.ts').then((m) => m.core),
  auth: () => import('./es/auth.ts').then((m) => m.auth),
  onboarding: () => import('./es/onboarding.ts').then((m) => m.onboarding),
  dancer: () => import('./es/dancer.ts').then((m) => m.dancer),
  memory: () => import('./es/memory.ts').then((m) => m.memory),
  profile: () => import('./es/profile.ts').then((m) => m.profile),
  cities: () => import('./es/cities.ts').then((m) => m.cities),
  notifications: () => import('./es/notifications.ts').then((m) => m.notifications),
  bookmarks: () => import('./es/bookmarks.ts').then((m) => m.bookmarks),
  settings: () => import('./es/settings.ts').then((m) => m.settings),
  reports: () => import('./es/reports.ts').then((m) => m.reports),
  chat: () => import('./es/chat.ts').then((m) => m.chat),
  groups: () => import('./es/groups.ts').then((m) => m.groups),
  events: () => import('./es/events.ts').then((m) => m.events),
};

/** The whole catalogue of a language: the core's namespaces, and each area's messages under its name. */
export type Catalogue = Strings<Messages<'core'> & { [A in Area]: Messages<A> }>;

// An area named like one of the core's namespaces would hide it: such a name fails this check.
type NoClash<T extends never> = T;
export type AreaNamesAreFree = NoClash<keyof Messages<'core'> & Area>;

/** Every area, for loading a whole language at once (tests). */
export const AREAS = Object.keys(english).filter((p): p is Area => p !== 'core');

const loaders: { [L in Locale]: { [P in Part]: () => Promise<Messages<P>> } } = { en: english, es: spanish };

/** Fetches one part of a language (each is a chunk of its own; the service worker keeps them all). */
export const loadPart = <P extends Part>(lang: Locale, part: P): Promise<Messages<P>> =>
  loaders[lang][part]();

/** Every part of a language in one object (tests and scripts; the app loads the parts it needs). */
export async function loadWholeCatalogue(lang: Locale): Promise<Catalogue> {
  const areas = await Promise.all(AREAS.map(async (area) => [area, await loadPart(lang, area)] as const));
  return { ...(await loadPart(lang, 'core')), ...Object.fromEntries(areas) } as Catalogue;
}
