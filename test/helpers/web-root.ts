import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export const WEB_INDEX_HTML =
  '<!doctype html><html><head><title>Abrazo test shell</title>' +
  '<script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';
export const WEB_APP_JS = 'console.log("abrazo test bundle");\n';
export const WEB_SW_JS = 'self.addEventListener("fetch", () => undefined);\n';
export const WEB_MANIFEST = '{"name":"Abrazo","start_url":"/","display":"standalone"}';

export interface WebRoot {
  dir: string;
  remove(): void;
}

/**
 * A throwaway stand-in for dist/web, laid out as the build lays it out: index.html, one
 * fingerprint-style asset, the service worker and the manifest, with a .br and a .gz beside the
 * text files the build compresses, and Vite's build manifest.
 */
export function createWebRoot(): WebRoot {
  const dir = mkdtempSync(path.join(tmpdir(), 'abrazo-web-'));
  mkdirSync(path.join(dir, 'assets'));
  mkdirSync(path.join(dir, '.vite'));
  writeFileSync(path.join(dir, '.vite', 'manifest.json'), '{"index.html":{"file":"assets/app.js"}}');
  const files: [string, string, boolean][] = [
    ['index.html', WEB_INDEX_HTML, true],
    ['assets/app.js', WEB_APP_JS, true],
    ['sw.js', WEB_SW_JS, false],
    ['manifest.webmanifest', WEB_MANIFEST, true],
  ];
  for (const [name, body, compressed] of files) {
    const file = path.join(dir, name);
    writeFileSync(file, body);
    if (!compressed) continue;
    writeFileSync(`${file}.br`, brotliCompressSync(body));
    writeFileSync(`${file}.gz`, gzipSync(body));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
