import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { newestMtime } from './newest-mtime.ts';

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

const builtAt = statSync(builtMain, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (builtAt >= Math.max(...sources.map((p) => newestMtime(p, isTest)))) process.exit(0);

process.stdout.write('Building the server…\n');
const result = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
