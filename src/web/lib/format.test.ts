import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../../contract/locales.ts';

// formatCount skips Intl under a thousand: only right if Intl would write the same plain digits there.

describe('counts under a thousand', () => {
  it('are written by Intl as their plain digits in every language the app speaks', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const intl = new Intl.NumberFormat(locale);
      for (let n = 0; n < 1000; n++) expect(intl.format(n)).toBe(String(n));
    }
  });
});
