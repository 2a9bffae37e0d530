import { describe, expect, it } from 'vitest';
import { mentionSegments } from './comment-text.ts';

describe('mentionSegments', () => {
  it('links each well-formed @username to its page and keeps the rest as text', () => {
    expect(mentionSegments('Gracias @ana_tango y @bruno.d, ¡qué tanda!')).toEqual([
      { text: 'Gracias ' },
      { text: '@ana_tango', to: '/u/ana_tango' },
      { text: ' y ' },
      { text: '@bruno.d', to: '/u/bruno.d' },
      { text: ', ¡qué tanda!' },
    ]);
  });

  it('leaves emails, too-short names and a trailing dot out of the link', () => {
    expect(mentionSegments('ana@tango.com @al @carla.')).toEqual([
      { text: 'ana@tango.com @al ' },
      { text: '@carla', to: '/u/carla' },
      { text: '.' },
    ]);
  });

  it('gives plain text back whole, and nothing for an empty body', () => {
    expect(mentionSegments('Sin menciones')).toEqual([{ text: 'Sin menciones' }]);
    expect(mentionSegments('')).toEqual([]);
  });
});
