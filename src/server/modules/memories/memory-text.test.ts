import { describe, expect, it } from 'vitest';
import { isValidTag, mergeTags, normalizeTag, parseHashtags, parseMentions } from './memory-text.ts';

describe('parseHashtags', () => {
  it('finds tags in order, lower-cased and without repeats', () => {
    expect(parseHashtags('#Milonga anoche, #tanda de #DiSarli y otra #milonga')).toEqual([
      'milonga',
      'tanda',
      'disarli',
    ]);
  });

  it('reads accented and non-Latin tags', () => {
    expect(parseHashtags('#Práctica en #İstanbul y #танго #タンゴ')).toEqual([
      'práctica',
      'i̇stanbul',
      'танго',
      'タンゴ',
    ]);
  });

  it('ignores numbers, HTML entities, anchors inside words and a lone #', () => {
    expect(parseHashtags('tanda #1, &#39; a#b, # , ##, C#')).toEqual([]);
  });

  it('stops at punctuation and emoji', () => {
    expect(parseHashtags('#cabeceo! #abrazo💃 (#vals)')).toEqual(['cabeceo', 'abrazo', 'vals']);
  });

  it('skips tags longer than 50 characters', () => {
    expect(parseHashtags(`#${'a'.repeat(51)} #ok`)).toEqual(['ok']);
  });
});

describe('parseMentions', () => {
  it('finds usernames, lower-cased, without a trailing period', () => {
    expect(parseMentions('Gracias @Ana_Baila y @bruno.dj. ¡Otra vez @ana_baila!')).toEqual([
      'ana_baila',
      'bruno.dj',
    ]);
  });

  it('ignores email addresses and too-short names', () => {
    expect(parseMentions('write to ana@example.com or @ab')).toEqual([]);
  });
});

describe('tags given apart', () => {
  it('merges explicit tags with those in the body', () => {
    expect(mergeTags('Anoche #milonga', ['#Milonga', 'Encuentro'])).toEqual(['milonga', 'encuentro']);
  });

  it('validates explicit tags', () => {
    expect(isValidTag('#vals')).toBe(true);
    expect(isValidTag('2024')).toBe(false);
    expect(isValidTag('two words')).toBe(false);
    expect(normalizeTag('#TANGO')).toBe('tango');
  });
});
