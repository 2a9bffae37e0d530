// PGlite decodes every text value with a TextDecoder that drops a leading U+FEFF, so a body that
// starts with one came back without it (PostgreSQL keeps it). This makes the decoder keep it.
// Runs after npm install; idempotent; src/server/modules/memories/hostile-input.test.ts checks the round trip.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(fileURLToPath(import.meta.url), '../../node_modules/@electric-sql/pglite/dist');
const DECODER = /new TextDecoder\((\w+\(this,\w+\))\)/g;
let patched = 0;
try {
  for (const name of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
    if (!/\.(c?js)$/.test(name)) continue;
    const file = path.join(dist, name);
    const text = readFileSync(file, 'utf8');
    const next = text.replace(DECODER, 'new TextDecoder($1,{ignoreBOM:true})');
    if (next !== text) {
      writeFileSync(file, next);
      patched++;
    }
  }
  process.stdout.write(`patch-pglite: ${patched} file(s) patched to keep a leading U+FEFF in text values\n`);
} catch (err) {
  process.stderr.write(`patch-pglite: skipped (${err instanceof Error ? err.message : String(err)})\n`);
}
