import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET_KB, firstLoads, readManifest } from '../../bench/lib/first-load.ts';
import { SUPPORTED_LOCALES } from '../../src/contract/locales.ts';
import { AREAS } from '../../src/web/locales/catalogue.ts';
import { ensureWebBuild } from './harness.ts';

// The web build as it ships: its page, its budget, its manifest and its service worker. No browser.

let webRoot: string;
beforeAll(async () => {
  webRoot = await ensureWebBuild();
}, 200_000);

const read = (file: string) => readFileSync(path.join(webRoot, file), 'utf8');

describe('the built web app', () => {
  it(`keeps the first load of the home page, a profile and the chat list within ${FIRST_LOAD_BUDGET_KB} kB of gzipped JavaScript`, () => {
    const loads = firstLoads(webRoot);
    const report = loads
      .map((l) => `${l.name}: ${l.gzipKb.toFixed(1)} kB (${l.files.join(', ')})`)
      .join('\n');
    expect(loads.filter((l) => l.budgeted).map((l) => l.name)).toHaveLength(3);
    for (const load of loads.filter((l) => l.budgeted)) {
      expect(load.gzipKb, report).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_KB);
    }
  });

  it('has no inline script or event handler in index.html, so the CSP can forbid them', () => {
    const html = read('index.html');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs = '', body = ''] of scripts) {
      expect(attrs).toMatch(/\ssrc="[^"]+"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<style\b|\sstyle\s*=/i);
  });

  it('links the web app manifest, the theme colours and the icons', () => {
    const html = read('index.html');
    expect(html).toMatch(/<link rel="manifest" href="\/manifest.webmanifest"/);
    expect(html.match(/<link rel="manifest"/g)).toHaveLength(1);
    expect(html).toMatch(
      /<meta name="theme-color" content="#[0-9a-f]{6}" media="\(prefers-color-scheme: light\)"/,
    );
    expect(html).toMatch(
      /<meta name="theme-color" content="#[0-9a-f]{6}" media="\(prefers-color-scheme: dark\)"/,
    );
    const manifest = JSON.parse(read('manifest.webmanifest')) as {
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'Abrazo',
      short_name: 'Abrazo',
      start_url: '/',
      display: 'standalone',
    });
    const icons = manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
    expect(icons).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable', 'any any']),
    );
    for (const icon of manifest.icons) expect(() => read(icon.src.slice(1))).not.toThrow();
  });

  it('precaches the shell in sw.js and answers navigations from it only when the network fails', () => {
    const sw = read('sw.js');
    const manifest = readManifest(webRoot);
    const entry = manifest['index.html'];
    expect(entry).toBeDefined();
    for (const file of ['index.html', entry?.file ?? '', ...(entry?.css ?? [])]) {
      expect(sw).toContain(`"${file}"`);
    }
    // Nothing but built files is precached, and the API is never answered by the worker.
    const precached = [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1] ?? '');
    expect(precached.length).toBeGreaterThan(0);
    for (const url of precached)
      expect(url).toMatch(/^(index\.html|favicon\.svg|manifest\.webmanifest|assets\/[\w.-]+\.(js|css))$/);
    expect(sw).toMatch(/api\|socket\\\.io\|healthz\|readyz\|metrics/);
  });

  it('keeps every part of the catalogue a chunk of its own, precached for pages opened offline', () => {
    const sw = read('sw.js');
    const parts = Object.entries(readManifest(webRoot)).filter(([key]) =>
      /^locales\/\w+\/\w+\.ts$/.test(key),
    );
    expect(parts).toHaveLength(SUPPORTED_LOCALES.length * (AREAS.length + 1));
    for (const [, chunk] of parts) {
      expect(chunk.isDynamicEntry).toBe(true);
      expect(sw).toContain(`"${chunk.file}"`);
    }
  });
});
