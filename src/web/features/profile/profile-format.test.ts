import { describe, expect, it } from 'vitest';
import { loadCatalogue, translate, type T } from '../../lib/i18n.ts';
import { calendarDay, dancedNote, languageList, levelWords, localToday } from './profile-format.ts';

await Promise.all([loadCatalogue('en'), loadCatalogue('es')]);
const tEn: T = (key, vars) => translate('en', key, vars);
const tEs: T = (key, vars) => translate('es', key, vars);
const IN_2025 = new Date('2025-06-01T12:00:00Z');

describe('dancedNote', () => {
  it('says where and when they danced, in the viewer’s language', () => {
    const fr = { danced: true, where: 'El Beso', when: '2025-03-12' };
    expect(dancedNote(tEn, 'en', fr, IN_2025)).toBe('We danced at El Beso on March 12');
    expect(dancedNote(tEs, 'es', fr, IN_2025)).toBe('Bailamos en El Beso el 12 de marzo');
  });

  it('names the year of a day in another year', () => {
    const fr = { danced: true, where: null, when: '2023-11-30' };
    expect(dancedNote(tEn, 'en', fr, IN_2025)).toBe('We danced on November 30, 2023');
  });

  it('says only what the request holds, and nothing without a note', () => {
    expect(dancedNote(tEn, 'en', { danced: true, where: 'Salon Canning', when: null })).toBe(
      'We danced at Salon Canning',
    );
    expect(dancedNote(tEn, 'en', { danced: true, where: null, when: null })).toBe('We danced');
    expect(dancedNote(tEn, 'en', { danced: false, where: null, when: null })).toBeNull();
  });
});

describe('profile facts', () => {
  it('reads a calendar day the same in every time zone', () => {
    expect(calendarDay('en', '2025-01-01', IN_2025)).toBe('January 1');
  });

  it('words levels with the profile forms’ words and clamps what is out of range', () => {
    expect(levelWords(tEn, 0)).toBe('Just starting');
    expect(levelWords(tEn, 5)).toBe('Teacher level');
    expect(levelWords(tEn, 9)).toBe('Teacher level');
  });

  it('names languages in a list', () => {
    expect(languageList('en', ['es', 'en'])).toBe('Spanish and English');
    expect(languageList('es', ['es', 'en'])).toBe('español e inglés');
  });

  it('gives today as YYYY-MM-DD in local time', () => {
    expect(localToday(new Date(2025, 2, 9, 23, 30))).toBe('2025-03-09');
  });
});
