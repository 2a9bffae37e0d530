import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const WEB_INDEX_HTML =
  '<!doctype html><html><head><title>Abrazo test shell</title>' +
  '<script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';
export const WEB_APP_JS = 'console.log("abrazo test bundle");\n';

export interface WebRoot {
  dir: string;
  remove(): void;
}

/** A throwaway stand-in for dist/web: index.html and one fingerprint-style asset. */
export function createWebRoot(): WebRoot {
  const dir = mkdtempSync(path.join(tmpdir(), 'abrazo-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), WEB_INDEX_HTML);
  writeFileSync(path.join(dir, 'assets', 'app.js'), WEB_APP_JS);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
