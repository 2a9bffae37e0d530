import { pickLocale, SUPPORTED_LOCALES, type Locale } from '../../contract/locales.ts';
import { AREAS, loadPart, type Area, type Catalogue, type Part } from '../locales/catalogue.ts';

// The language without React (boot.ts starts it before the app's code has arrived): lookup of the
// catalogue: nested keys, {{name}} interpolation and plurals chosen by Intl.PluralRules (key_one,
// key_other…). i18next with react-i18next did the same for 15.8 KB gzip of the 150 KB first-load budget
// (measured in docs/ARCHITECTURE.md); this is about 1 KB. The catalogue comes in parts
// (locales/catalogue.ts), each a chunk per language: the core with the first render, an area with the
// pages that use it (withAreas), and on a change of language the core and every area loaded so far.

/** Each language's messages so far: the core's namespaces, and each loaded area under its name. */
const catalogues: Record<Locale, Record<string, unknown>> = { en: {}, es: {} };
/** A part's load per language (`es:chat`), dropped when it fails so that it is tried again. */
const loads = new Map<string, Promise<void>>();
const loaded = new Set<string>();
/** The areas asked for so far: a change of language loads them before switching. */
const wanted = new Set<Area>();
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

function load(lang: Locale, part: Part): Promise<void> {
  const id = `${lang}:${part}`;
  let loading = loads.get(id);
  if (!loading) {
    loading = loadPart(lang, part).then(
      (messages) => {
        if (part === 'core') Object.assign(catalogues[lang], messages);
        else catalogues[lang][part] = messages;
        loaded.add(id);
      },
      (err: unknown) => {
        loads.delete(id);
        throw err;
      },
    );
    loads.set(id, loading);
  }
  return loading;
}

/** The core and every area asked for so far in `lang`, those asked for while it loads included. */
async function loadWanted(lang: Locale): Promise<void> {
  for (;;) {
    const missing = ['core' as const, ...wanted].filter((part) => !loaded.has(`${lang}:${part}`));
    if (missing.length === 0) return;
    await Promise.all(missing.map((part) => load(lang, part)));
  }
}

/** Fetches a language's core and `areas` (every area unless told), once each: for tests. */
export async function loadCatalogue(lang: Locale, areas: readonly Area[] = AREAS): Promise<void> {
  await Promise.all([load(lang, 'core'), ...areas.map((area) => load(lang, area))]);
}

/**
 * Fetches the current language's messages of `areas`, and keeps them: a change of language fetches them
 * in the new one before switching.
 */
export async function loadAreas(areas: readonly Area[]): Promise<void> {
  for (const area of areas) wanted.add(area);
  await Promise.all(areas.map((area) => load(locale, area)));
}

/** `importer` (a page's chunk, a lazy component's), settled once the messages of `areas` are here too. */
export const withAreas =
  <M>(areas: readonly Area[], importer: () => Promise<M>) =>
  async (): Promise<M> =>
    (await Promise.all([importer(), loadAreas(areas)]))[0];

/**
 * The dancer's last choice on this device, else the browser's languages (es-* → Spanish), else Spanish;
 * resolves once its core is here.
 */
export function setupI18n(): Promise<void> {
  if (!started) {
    locale = storedLocale() ?? pickLocale(navigator.languages);
    document.documentElement.lang = locale;
    warmIntl(locale);
    started = loadWanted(locale);
  }
  return started;
}

export const currentLocale = (): Locale => locale;

/** Loads the Intl data of the language `next` in a worker, off the main thread (lib/intl-warm.worker.ts). */
function warmIntl(next: Locale): void {
  if (typeof Worker !== 'function') return;
  try {
    new Worker(new URL('./intl-warm.worker.ts', import.meta.url), { type: 'module' }).postMessage(next);
  } catch {
    // Workers refused (a policy, an old browser): each format loads its data where it is first used.
  }
}

/**
 * Switches the language everywhere, once its core and every area loaded so far are here, and remembers it
 * on this device.
 */
export async function changeLocale(next: Locale): Promise<void> {
  warmIntl(next);
  await loadWanted(next);
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
export const hasMessage = (path: string): boolean => typeof lookup(catalogues[locale], path) === 'string';

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
