import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AREAS, loadPart, type Part } from '../locales/catalogue.ts';
import type * as I18n from './i18n-core.ts';
import type { MessageKey } from './i18n-core.ts';

// The catalogue in parts: an area's messages arrive with what asks for them, in the language in use, and
// a change of language brings the core and every area asked for so far.

let copies = 0;
/** A copy of the module of its own: which parts it has loaded and which areas were asked for. */
const fresh = async () => (await import(/* @vite-ignore */ `./i18n-core.ts?copy=${++copies}`)) as typeof I18n;

/** Every key of a part, plural forms as written ('unread_one'). */
function keysOf(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`),
  );
}

beforeAll(() => {
  vi.stubGlobal('document', { documentElement: { lang: '' } });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('the catalogue in parts', () => {
  it('has the same keys in Spanish as in English, part by part', async () => {
    for (const part of ['core', ...AREAS] satisfies Part[]) {
      const [en, es] = await Promise.all([loadPart('en', part), loadPart('es', part)]);
      expect(keysOf(es).sort(), part).toEqual(keysOf(en).sort());
    }
  });

  it('types the keys of every part, so a mistyped one does not compile', () => {
    const keys: MessageKey[] = [
      'app.name',
      'nav.unread',
      'chat.title',
      'chat.status.read',
      'cities.residents',
    ];
    // @ts-expect-error: no such key in the chat's area
    const typo: MessageKey = 'chat.titel';
    expect([...keys, typo]).toHaveLength(6);
  });

  it("shows an area's messages once it has loaded, its key before", async () => {
    const i18n = await fresh();
    await i18n.loadCatalogue('es', []);
    expect(i18n.translate('es', 'app.retry')).toBe('Reintentar');
    expect(i18n.translate('es', 'chat.title')).toBe('chat.title');
    await i18n.loadAreas(['chat']);
    expect(i18n.translate('es', 'chat.send')).toBe('Enviar');
    expect(i18n.translate('es', 'chat.members', { count: 2 })).toBe('2 integrantes');
  });

  it("settles a page's chunk only once its areas are here", async () => {
    const i18n = await fresh();
    const load = i18n.withAreas(['bookmarks', 'cities'], async () => ({ Page: 'the page' }));
    expect(await load()).toEqual({ Page: 'the page' });
    expect(i18n.hasMessage('bookmarks.title')).toBe(true);
    expect(i18n.hasMessage('cities.directoryTitle')).toBe(true);
    expect(i18n.hasMessage('settings.title')).toBe(false);
  });

  it('changes language with the core and every area asked for so far', async () => {
    const i18n = await fresh();
    await i18n.loadCatalogue('es', []);
    await i18n.loadAreas(['chat', 'cities']);
    await i18n.changeLocale('en');
    expect(i18n.currentLocale()).toBe('en');
    expect(i18n.t('nav.home')).toBe('Home');
    expect(i18n.t('chat.send')).toBe('Send');
    expect(i18n.t('cities.directoryTitle')).toBe('Cities');
    expect(i18n.t('settings.title')).toBe('settings.title');
  });

  it('brings an area asked for during a change of language in the new language too', async () => {
    const i18n = await fresh();
    await i18n.loadCatalogue('es', []);
    expect(i18n.hasMessage('chat.title')).toBe(false); // a copy of its own, whatever others loaded
    const change = i18n.changeLocale('en');
    const area = i18n.loadAreas(['settings']);
    await Promise.all([change, area]);
    expect(i18n.currentLocale()).toBe('en');
    expect(i18n.t('settings.title')).toBe('Settings');
  });
});
