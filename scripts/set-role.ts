import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { exitIfDataDirLocked } from '../src/server/db/data-dir-lock.ts';
import { setStaffRole } from '../src/server/modules/reports/staff.repo.ts';

// Grants or removes a staff role; no API does this, on purpose. With the embedded database, stop
// the server first: only one process may hold the data directory (a second one is refused).
//   npm run user:role -- --username <name> --role moderator|admin|none

const USAGE = 'usage: npm run user:role -- --username <name> --role moderator|admin|none\n';

const argsSchema = z.object({
  username: z.string({ error: '--username is required' }).trim().min(1, '--username is required'),
  role: z.enum(['moderator', 'admin', 'none'], { error: '--role is required: moderator, admin or none' }),
});

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

let raw: { username?: string | undefined; role?: string | undefined };
try {
  raw = parseArgs({
    options: { username: { type: 'string' }, role: { type: 'string' } },
    strict: true,
  }).values;
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const parsed = argsSchema.safeParse(raw);
if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join('\n'));
const { username, role } = parsed.data;

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch(
  exitIfDataDirLocked,
);
try {
  const user = await setStaffRole(database.db, username, role === 'none' ? null : role);
  if (!user) {
    process.stderr.write(`No user named "${username}" (${database.kind} database).\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${user.username}: staff role is now ${user.staffRole ?? 'none'}\n`);
  }
} finally {
  await database.close();
}
