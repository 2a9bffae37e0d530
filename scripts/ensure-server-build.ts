import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// Runs before `npm start`: compiles the server to dist/server when the build is missing or older than
// its sources. The server then runs as plain JavaScript, without tsx's loader and compiler in memory
// (idle RSS ~290 instead of ~420 MiB; docs/ARCHITECTURE.md).
const root = path.resolve(import.meta.dirname, '..');
const builtMain = path.join(root, 'dist/server/main.js');
const sources = [
  'src/server',
  'src/contract',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
].map((p) => path.join(root, p));
const isTest = (name: string) => /\.(test|testing)\.tsx?$/.test(name);

function newestMtime(p: string): number {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return isTest(p) ? 0 : st.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

const builtAt = statSync(builtMain, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (builtAt >= Math.max(...sources.map(newestMtime))) process.exit(0);

process.stdout.write('Building the server…\n');
const result = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
