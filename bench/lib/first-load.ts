import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SUPPORTED_LOCALES } from '../../src/contract/locales.ts';
import { PAGE_AREAS } from '../../src/web/app/page-areas.ts';

// What a page costs to load, read from the build's own record of its chunks (dist/web/.vite/manifest.json):
// the entry's scripts and the scripts they import, statically, all the way down.

export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type ViteManifest = Record<string, ManifestChunk>;

/** The JS budget of a first load (DESIGN.md §1), in kB of gzip (1 kB = 1000 bytes, as Vite counts). */
export const FIRST_LOAD_BUDGET_KB = 150;

export function readManifest(webRoot: string): ViteManifest {
  return JSON.parse(readFileSync(path.join(webRoot, '.vite/manifest.json'), 'utf8')) as ViteManifest;
}

/** The chunk files that loading `keys` fetches: each chunk and its static imports, once each. */
export function staticClosure(manifest: ViteManifest, keys: string[]): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    files.add(chunk.file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const key of keys) visit(key);
  return [...files];
}

/** The manifest key of the chunk built from a source file whose path contains `fragment`. */
export function chunkKey(manifest: ViteManifest, fragment: string): string {
  const key = Object.keys(manifest).find((k) => k.includes(fragment));
  if (!key) throw new Error(`no chunk built from ${fragment}`);
  return key;
}

/** Bytes of `files` gzipped at level 9, as the build writes the .gz files the server sends. */
export function gzipBytes(webRoot: string, files: string[]): number {
  return files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(path.join(webRoot, file)), { level: 9 }).length,
    0,
  );
}

export interface FirstLoad {
  name: string;
  /** Held to FIRST_LOAD_BUDGET_KB; the other figures are reported beside it. */
  budgeted: boolean;
  files: string[];
  gzipKb: number;
}

/** A page whose first load the budget holds: its chunk's source and the name of its catalogue areas. */
const BUDGETED_PAGES = [
  {
    name: 'home page (the landing page signed out, the home feed signed in)',
    source: 'features/feed/HomeOrLanding.tsx',
    areas: [],
  },
  { name: 'a profile', source: 'features/profile/ProfilePage.tsx', areas: PAGE_AREAS.profile },
  { name: 'the chat list', source: 'features/chat/ChatPage.tsx', areas: PAGE_AREAS.chat },
] as const;

/**
 * The first loads the budget is about, one per page that bench:web measures: the entry and the app's
 * chunks, the page's chunks, and the larger of the two languages' catalogue parts the page needs (its
 * core and its areas: a page loads them in one language); and, beside the home page's, the same with the
 * socket client that a signed-in page loads once its first content is painted.
 */
export function firstLoads(webRoot: string): FirstLoad[] {
  const manifest = readManifest(webRoot);
  const socket = chunkKey(manifest, 'socket.io-client');
  const size = (keys: string[]) =>
    gzipBytes(
      webRoot,
      keys.map((key) => manifest[key]?.file ?? key),
    );
  const catalogue = (areas: readonly string[]) =>
    SUPPORTED_LOCALES.map((locale) =>
      ['core', ...areas].map((part) => chunkKey(manifest, `locales/${locale}/${part}.ts`)),
    ).reduce((a, b) => (size(a) >= size(b) ? a : b));
  // index.html loads boot.ts, which imports the app (main.tsx); the build preloads both at once.
  const app = ['index.html', chunkKey(manifest, 'main.tsx')];
  const loads: { name: string; budgeted: boolean; keys: string[] }[] = BUDGETED_PAGES.map((page) => ({
    name: page.name,
    budgeted: true,
    keys: [...app, chunkKey(manifest, page.source), ...catalogue(page.areas)],
  }));
  const home = loads[0]!;
  loads.splice(1, 0, {
    name: 'the home page + the socket client (signed in, after its first content)',
    budgeted: false,
    keys: [...home.keys, socket],
  });
  return loads.map(({ name, budgeted, keys }) => {
    const files = staticClosure(manifest, keys).filter((f) => f.endsWith('.js'));
    return { name, budgeted, files, gzipKb: gzipBytes(webRoot, files) / 1000 };
  });
}
