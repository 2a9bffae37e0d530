import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createWebRoot, type WebRoot } from '../../../test/helpers/web-root.ts';

const RESPONSES = [
  ['a JSON success', '/healthz', 'application/json', 200, 'data'],
  ['a JSON error', '/api/v1/users?limit=0', 'application/json', 400, 'data'],
  ['a 404', '/api/v1/nowhere', 'application/json', 404, 'data'],
  ['a malformed URL (answered before routing)', '/api/v1/users/%E0%A4%A', 'application/json', 400, 'data'],
  ['the HTML page', '/', 'text/html', 200, 'document'],
  ['a client-side route', '/events/123', 'text/html', 200, 'document'],
  ['a static asset', '/assets/app.js', '*/*', 200, 'document'],
  ['the metrics text', '/metrics', 'text/plain', 200, 'document'],
] as const;

/** Headers only documents act on, or only old browsers did; JSON data leaves them out. */
const DOCUMENT_ONLY = [
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

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

  it.each(RESPONSES)('are on %s', async (_label, url, accept, status, kind) => {
    const res = await t.app.inject({ url, headers: { accept } });
    expect(res.statusCode).toBe(status);

    const csp = cspDirectives(res);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    if (kind === 'data') {
      // JSON loads nothing: the strictest policy.
      expect([...csp.keys()].sort()).toEqual(['default-src', 'frame-ancestors']);
      expect(csp.get('default-src')).toBe("'none'");
      for (const name of DOCUMENT_ONLY) expect(res.headers[name]).toBeUndefined();
    } else {
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-permitted-cross-domain-policies']).toBe('none');
    }

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
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

  it.each(RESPONSES)('include HSTS on %s', async (_label, url, accept, status, kind) => {
    const res = await t.app.inject({ url, headers: { accept } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers['strict-transport-security']).toContain('includeSubDomains');
    // Only a document has subresources to upgrade.
    expect(cspDirectives(res).has('upgrade-insecure-requests')).toBe(kind === 'document');
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
