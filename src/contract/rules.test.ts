import { describe, expect, it } from 'vitest';
import { deviceLabel, userAgentParts } from './rules.ts';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const EDGE_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('a device as its user agent names it', () => {
  it('names the browser and the system, the first match winning (Edge says Chrome and Safari too)', () => {
    expect(userAgentParts(FIREFOX_LINUX)).toEqual({ browser: 'Firefox', system: 'Linux' });
    expect(userAgentParts(EDGE_WINDOWS)).toEqual({ browser: 'Edge', system: 'Windows' });
    expect(deviceLabel(SAFARI_IPHONE)).toBe('Safari on iOS');
  });

  it('says what it knows, or that it does not know', () => {
    expect(deviceLabel('curl/8.5.0')).toBe('Unknown device');
    expect(userAgentParts('curl/8.5.0')).toEqual({});
    expect(deviceLabel('SomeBot (Android)')).toBe('Android');
  });
});
