import { PGlite } from '@electric-sql/pglite';

// Run as a child process by createEmbeddedDir (client.ts): creates the embedded database's cluster in
// the directory given, then exits, taking initdb's memory with it.

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: pglite-init <dir>\n');
  process.exit(2);
}
const db = await PGlite.create(dir);
await db.close();
