import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { WEB_APP_JS, WEB_INDEX_HTML, createWebRoot, type WebRoot } from '../../../test/helpers/web-root.ts';
import type { ErrorEnvelope } from '../../contract/envelope.ts';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

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
