import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from '../../../test/helpers/app.ts';

// Behind one proxy (app.inject's 127.0.0.1 plays it), the client address is the last X-Forwarded-For
// entry, the one our proxy appended; whatever the client wrote before it is ignored.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    config: { trustProxy: 1, rateLimits: { ...testConfig.rateLimits, globalPerMinute: 3 } },
  });
});
afterAll(() => t.close());

function get(forwardedFor: string) {
  return t.app.inject({ url: '/api/v1/users/nobody_here', headers: { 'x-forwarded-for': forwardedFor } });
}

describe('client address behind a trusted proxy', () => {
  it('counts the address the proxy saw, not one the client made up', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(`10.9.9.${i}, 203.0.113.7`)).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429]);
  });

  it('keeps separate counts for separate clients', async () => {
    expect((await get('198.51.100.20')).statusCode).toBe(404);
  });
});
