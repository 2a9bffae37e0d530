import { sql } from 'drizzle-orm';
import { openDatabase } from './client.ts';

// Run as a child process by the kill -9 test in pglite-client.test.ts: inserts rows one by one through
// the worker and prints each number once its insert resolved, until it is killed.

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: pglite-kill.testing.ts <data dir>');
const database = await openDatabase({ databaseUrl: undefined, dataDir });
await database.migrate();
await database.db.execute(
  sql`create table if not exists acked (n int primary key, at timestamptz not null default now())`,
);
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  await database.db.execute(sql`insert into acked (n) values (${n})`);
  process.stdout.write(`${n}\n`);
}
