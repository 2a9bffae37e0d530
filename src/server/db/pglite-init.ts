import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { pgliteExtensions } from './pglite-extensions.ts';

// Run as a child process by createEmbeddedDir (client.ts): creates the embedded database's cluster in
// the directory given and applies the migrations, then exits, taking the memory of initdb and of the
// migrations with it (WebAssembly memory only grows; docs/ARCHITECTURE.md has the figures).

const [dir, migrationsFolder] = process.argv.slice(2);
if (!dir || !migrationsFolder) {
  process.stderr.write('usage: pglite-init <dir> <migrations folder>\n');
  process.exit(2);
}
const db = await PGlite.create(dir, { extensions: pgliteExtensions });
try {
  await migrate(drizzle(db), { migrationsFolder });
} finally {
  await db.close();
}
