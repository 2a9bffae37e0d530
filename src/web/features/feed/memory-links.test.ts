import { describe, expect, it } from 'vitest';
import { segmentsOf } from './memory-links.ts';

const ana = { id: '1', username: 'Ana_Tango', displayName: 'Ana', avatarUrl: null };

describe('segmentsOf', () => {
  it('links tags to their page and mentions of real dancers to their profile', () => {
    expect(segmentsOf({ body: 'Gran #Milonga con @ana_tango y @nadie.', mentions: [ana] })).toEqual([
      { text: 'Gran ' },
      { text: '#Milonga', to: '/tags/milonga' },
      { text: ' con ' },
      { text: '@ana_tango', to: '/u/Ana_Tango' },
      { text: ' y @nadie.' },
    ]);
  });

  it('leaves tags without a letter, anchors and emails as text', () => {
    expect(segmentsOf({ body: '#2024 a#b &#39; ana@tango.com', mentions: [ana] })).toEqual([
      { text: '#2024 a#b &#39; ana@tango.com' },
    ]);
  });

  it('encodes a tag with accents for its URL', () => {
    expect(segmentsOf({ body: '#Práctica', mentions: [] })).toEqual([
      { text: '#Práctica', to: `/tags/${encodeURIComponent('práctica')}` },
    ]);
  });
});
