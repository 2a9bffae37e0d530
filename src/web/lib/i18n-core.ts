import { pickLocale, SUPPORTED_LOCALES, type Locale } from '../../contract/locales.ts';
import type { Catalogue } from '../locales/catalogue.ts';

// The language without React (boot.ts starts it before the app's code has arrived): lookup of the two catalogues: nested keys, {{name}} interpolation and plurals chosen by
// Intl.PluralRules (key_one, key_other…). i18next with react-i18next did the same for 15.8 KB gzip of the
// 150 KB first-load budget (measured in docs/ARCHITECTURE.md); this is under 1 KB. Each catalogue is a
// chunk of its own (about 9 KB gzip), fetched when its language is first used.

const loaders: Record<Locale, () => Promise<Catalogue>> = {
  en: () => import('../locales/en.ts').then((m) => m.en),
  es: () => import('../locales/es.ts').then((m) => m.es),
};
const catalogues: Partial<Record<Locale, Catalogue>> = {};
const STORAGE_KEY = 'abrazo.locale';

type PluralSuffix = '_zero' | '_one' | '_two' | '_few' | '_many' | '_other';
type StripPlural<K extends string> = K extends `${infer Base}${PluralSuffix}` ? Base : K;
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? StripPlural<`${Prefix}${K}`> : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
/** Every key of the catalogue, plural forms by their base name. */
export type MessageKey = Paths<Catalogue>;
export type Vars = Record<string, string | number>;
export type T = (key: MessageKey, vars?: Vars) => string;

function storedLocale(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return SUPPORTED_LOCALES.find((l) => l === value);
  } catch {
    return undefined;
  }
}

let locale: Locale = 'es';
const listeners = new Set<() => void>();
let started: Promise<void> | undefined;
const plurals = new Map<Locale, Intl.PluralRules>();

/** Fetches a language's catalogue once (the service worker keeps both for offline use). */
export async function loadCatalogue(lang: Locale): Promise<void> {
  catalogues[lang] ??= await loaders[lang]();
}

/**
 * The dancer's last choice on this device, else the browser's languages (es-* → Spanish), else Spanish;
 * resolves once its catalogue is here.
 */
export function setupI18n(): Promise<void> {
  if (!started) {
    locale = storedLocale() ?? pickLocale(navigator.languages);
    document.documentElement.lang = locale;
    started = loadCatalogue(locale);
  }
  return started;
}

export const currentLocale = (): Locale => locale;

/** Switches the language everywhere, once its catalogue is here, and remembers it on this device. */
export async function changeLocale(next: Locale): Promise<void> {
  await loadCatalogue(next);
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts this visit.
  }
  locale = next;
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

/** Calls `listener` after every change of language; returns the unsubscribe. */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the current language's catalogue has a message at `path`. */
export const hasMessage = (path: string): boolean =>
  typeof lookup(catalogues[locale] ?? {}, path) === 'string';

function lookup(catalogue: object, path: string): unknown {
  let node: unknown = catalogue;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The message for a key in a language; a missing key shows itself, so it is noticed. */
export function translate(lang: Locale, key: MessageKey, vars?: Vars): string {
  const catalogue = catalogues[lang];
  if (!catalogue) return key;
  let message = lookup(catalogue, key);
  if (typeof vars?.count === 'number') {
    let rules = plurals.get(lang);
    if (!rules) plurals.set(lang, (rules = new Intl.PluralRules(lang)));
    message =
      lookup(catalogue, `${key}_${rules.select(vars.count)}`) ?? lookup(catalogue, `${key}_other`) ?? message;
  }
  if (typeof message !== 'string') return key;
  return vars ? message.replace(/\{\{(\w+)\}\}/g, (all, name: string) => String(vars[name] ?? all)) : message;
}

export const t: T = (key, vars) => translate(locale, key, vars);
