import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createWebRoot, type WebRoot } from '../../../test/helpers/web-root.ts';

const RESPONSES = [
  ['a JSON success', '/healthz', 'application/json', 200],
  ['a JSON error', '/api/v1/users?limit=0', 'application/json', 400],
  ['a 404', '/api/v1/nowhere', 'application/json', 404],
  ['the HTML page', '/', 'text/html', 200],
  ['a client-side route', '/events/123', 'text/html', 200],
  ['a static asset', '/assets/app.js', '*/*', 200],
] as const;

function cspDirectives(res: LightMyRequestResponse): Map<string, string> {
  const header = res.headers['content-security-policy'];
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

let web: WebRoot;
beforeAll(() => {
  web = createWebRoot();
});
afterAll(() => web.remove());

describe('security headers over plain HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ webRoot: web.dir });
  });
  afterAll(() => t.close());

  it.each(RESPONSES)('are on %s', async (_label, url, accept, status) => {
    const res = await t.app.inject({ url, headers: { accept } });
    expect(res.statusCode).toBe(status);

    const csp = cspDirectives(res);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['permissions-policy']).toContain('camera=()');
    expect(res.headers['permissions-policy']).toContain('microphone=()');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('security headers over HTTPS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ webRoot: web.dir, config: { isHttps: true } });
  });
  afterAll(() => t.close());

  it.each(RESPONSES)('include HSTS on %s', async (_label, url, accept, status) => {
    const res = await t.app.inject({ url, headers: { accept } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers['strict-transport-security']).toContain('includeSubDomains');
    expect(cspDirectives(res).has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) => ({
    method: 'OPTIONS' as const,
    url: '/api/v1/users',
    headers: { origin, 'access-control-request-method': 'GET' },
  });

  describe('by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('does not allow a cross-origin request', async () => {
      const res = await t.app.inject({ url: '/api/v1/users', headers: { origin: 'https://evil.example' } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('does not grant a preflight', async () => {
      const res = await t.app.inject(preflight('https://evil.example'));
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
    });
  });

  describe('with an allowed origin', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ config: { corsOrigins: ['https://app.example'] } });
    });
    afterAll(() => t.close());

    it('grants the preflight of the allowed origin', async () => {
      const res = await t.app.inject(preflight('https://app.example'));
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-allow-methods']).toContain('GET');
      expect(res.headers.vary).toContain('Origin');
    });

    it('allows a simple request from the allowed origin and exposes the request id', async () => {
      const res = await t.app.inject({ url: '/api/v1/users', headers: { origin: 'https://app.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(res.headers['access-control-expose-headers']).toContain('x-request-id');
    });

    it('does not allow another origin', async () => {
      const simple = await t.app.inject({
        url: '/api/v1/users',
        headers: { origin: 'https://evil.example' },
      });
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await t.app.inject(preflight('https://evil.example'));
      // Without Access-Control-Allow-Origin the browser refuses the preflight, whatever else is sent.
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('does not treat a look-alike origin as allowed', async () => {
      const res = await t.app.inject({
        url: '/api/v1/users',
        headers: { origin: 'https://app.example.evil.example' },
      });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
