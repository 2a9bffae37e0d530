import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { exitIfDataDirLocked } from '../src/server/db/data-dir-lock.ts';

// Applies pending migrations to the configured database (embedded or DATABASE_URL) and exits.
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch(
  exitIfDataDirLocked,
);
try {
  await database.migrate();
  process.stdout.write(`migrations applied (${database.kind})\n`);
} finally {
  await database.close();
}
