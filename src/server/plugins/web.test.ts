import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import {
  WEB_APP_JS,
  WEB_INDEX_HTML,
  WEB_MANIFEST,
  WEB_SW_JS,
  createWebRoot,
  type WebRoot,
} from '../../../test/helpers/web-root.ts';
import type { ErrorEnvelope } from '../../contract/envelope.ts';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
// What Chromium sends.
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';
const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('serving the web app', () => {
  let web: WebRoot;
  let t: TestApp;
  beforeAll(async () => {
    web = createWebRoot();
    t = await createTestApp({ webRoot: web.dir });
  });
  afterAll(async () => {
    await t.close();
    web.remove();
  });

  it('serves index.html at / and asks browsers to revalidate it', async () => {
    const res = await t.app.inject({ url: '/', headers: { accept: HTML } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(WEB_INDEX_HTML);
  });

  it('serves fingerprinted assets with an immutable cache', async () => {
    const res = await t.app.inject({ url: '/assets/app.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe(WEB_APP_JS);
  });

  it('answers a client-side route that asks for HTML with index.html', async () => {
    const res = await t.app.inject({ url: '/events/123?tab=going', headers: { accept: HTML } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(WEB_INDEX_HTML);
  });

  it('sends the brotli file to a client that accepts br, varying on Accept-Encoding', async () => {
    const res = await t.app.inject({
      url: '/assets/app.js',
      headers: { 'accept-encoding': BROWSER_ENCODINGS },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(WEB_APP_JS);
  });

  it('sends the gzip file to a client that accepts gzip but not br', async () => {
    const res = await t.app.inject({
      url: '/assets/app.js',
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(WEB_APP_JS);
  });

  it('sends the file itself, still varying on Accept-Encoding, when no encoding is accepted', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
      const res = await t.app.inject({ url: '/assets/app.js', headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.body).toBe(WEB_APP_JS);
    }
  });

  it('serves index.html compressed and never cached, with the strict CSP', async () => {
    const res = await t.app.inject({
      url: '/',
      headers: { accept: HTML, 'accept-encoding': BROWSER_ENCODINGS },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(WEB_INDEX_HTML);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('answers a client route with index.html, never cached, compressed, with the strict CSP', async () => {
    const res = await t.app.inject({
      url: '/u/ana',
      headers: { accept: HTML, 'accept-encoding': 'gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(WEB_INDEX_HTML);
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('serves the service worker at /sw.js, revalidated on every update check', async () => {
    const res = await t.app.inject({ url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(WEB_SW_JS);
  });

  it('serves the web app manifest with its media type, revalidated', async () => {
    const res = await t.app.inject({ url: '/manifest.webmanifest', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(WEB_MANIFEST);
  });

  it('keeps the 404 envelope for unknown API routes even when HTML is accepted', async () => {
    const res = await t.app.inject({ url: '/api/v1/unknown', headers: { accept: HTML } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json<ErrorEnvelope>().error.code).toBe('NOT_FOUND');
  });

  it('answers a missing file requested without HTML accept with the 404 envelope', async () => {
    const res = await t.app.inject({ url: '/missing.js', headers: { accept: '*/*' } });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>().error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No route for GET /missing.js.',
    });
  });

  it('does not serve the page for a POST to a client-side route', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/events/123', headers: { accept: HTML } });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>().error.code).toBe('NOT_FOUND');
  });

  it('serves neither the build manifest under .vite nor the compressed files by their own names', async () => {
    for (const url of ['/.vite/manifest.json', '/assets/app.js.br', '/index.html.gz']) {
      const res = await t.app.inject({ url, headers: { accept: '*/*' } });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('does not serve files outside the web root', async () => {
    const res = await t.app.inject({ url: '/assets/..%2f..%2fpackage.json' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('"name"');
  });
});

describe('without a web build', () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'abrazo-empty-web-'));
    t = await createTestApp({ webRoot: dir, captureLogs: true });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('still serves the API and says how to build the page', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const res = await t.app.inject({ url: '/', headers: { accept: HTML } });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>().error.code).toBe('NOT_FOUND');
    expect(t.logs.some((l) => l.level === 40 && String(l.msg).includes('npm run build:web'))).toBe(true);
  });
});

describe('the web app source', () => {
  it('has no inline script in index.html, so the CSP can forbid inline scripts', () => {
    const html = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs = '', body = ''] of scripts) {
      expect(attrs).toMatch(/\ssrc="[^"]+"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });
});
