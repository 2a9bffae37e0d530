import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';

// Applies pending migrations to the configured database (embedded or DATABASE_URL) and exits.
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  process.stdout.write(`migrations applied (${database.kind})\n`);
} finally {
  await database.close();
}
