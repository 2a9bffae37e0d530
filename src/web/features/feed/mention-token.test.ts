import { describe, expect, it } from 'vitest';
import { complete, tokenAt } from './mention-token.ts';

describe('tokenAt', () => {
  it('finds a mention or a tag being typed at the caret', () => {
    expect(tokenAt('hola @an', 8)).toEqual({ kind: '@', start: 5, query: 'an' });
    expect(tokenAt('#milo', 5)).toEqual({ kind: '#', start: 0, query: 'milo' });
    expect(tokenAt('noche de #práct', 15)).toEqual({ kind: '#', start: 9, query: 'práct' });
  });

  it('ignores an email, a tag inside a word and a finished word', () => {
    expect(tokenAt('ana@mail', 8)).toBeNull();
    expect(tokenAt('a#b', 3)).toBeNull();
    expect(tokenAt('@ana bailó', 10)).toBeNull();
    expect(tokenAt('@', 1)).toBeNull();
  });
});

describe('complete', () => {
  it('replaces the token, the rest of its word, and puts the caret after a space', () => {
    const text = 'gracias @an por el vals';
    const token = tokenAt(text, 11);
    expect(token).not.toBeNull();
    if (!token) return;
    expect(complete(text, 11, token, 'ana_tango')).toEqual({
      text: 'gracias @ana_tango por el vals',
      caret: 19,
    });
    const end = tokenAt('#mil', 4);
    if (!end) throw new Error('no token');
    expect(complete('#mil', 4, end, 'milonga')).toEqual({ text: '#milonga ', caret: 9 });
  });
});
