import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { newestMtime } from './newest-mtime.ts';

// Runs before `npm start`: builds the web app when the build is missing or older than its sources,
// so a fresh clone serves a page with no extra step and an edited one never serves a stale build.
const root = path.resolve(import.meta.dirname, '..');
const builtIndex = path.join(root, 'dist/web/index.html');
const sources = ['src/web', 'src/contract', 'vite.config.ts', 'package-lock.json'].map((p) =>
  path.join(root, p),
);

const builtAt = statSync(builtIndex, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const changedAt = Math.max(...sources.map((p) => newestMtime(p)));
if (builtAt >= changedAt) process.exit(0);

process.stdout.write('Building the web app…\n');
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
    // A production build whatever the caller runs under (vitest sets NODE_ENV=test, which Vite would
    // follow: React's development build and no service worker).
    env: { ...process.env, NODE_ENV: 'production' },
  },
);
process.exit(result.status ?? 1);
