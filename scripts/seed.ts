import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { exitIfDataDirLocked } from '../src/server/db/data-dir-lock.ts';
import { hashPassword } from '../src/server/modules/auth/passwords.ts';
import { createProgress } from './seed/progress.ts';
import { SeedRefusedError, seedCommunity, type SeedSummary } from './seed/seed-community.ts';

const USAGE = `npm run seed -- --users N [options]

Seeds a realistic tango community (users, follows, friendships, friend requests, memories with
hashtags and mentions, comments, reactions) into the configured database: DATABASE_URL, or the
embedded one in DATA_DIR. Deterministic: the same --seed (and --now) gives the same rows.

  --users <n>           members to create (required)
  --memories <n>        memories to create (default 25 x users)
  --seed <s>            seed of the pseudo-random generator (default 1)
  --now <iso date>      when the seeded history ends (default: today 00:00 UTC)
  --database-url <url>  a postgres:// URL instead of DATABASE_URL / the embedded database
  --password <p>        let every seeded user log in with this password (default: no credentials)
  --append              allow seeding into a database that already has users
  -h, --help            this text
`;

const MAX_USERS = 200_000;

function count(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`--${name} must be an integer from 1 to ${max}`);
  return n;
}

function readArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string' },
      memories: { type: 'string' },
      seed: { type: 'string', default: '1' },
      now: { type: 'string' },
      'database-url': { type: 'string' },
      password: { type: 'string' },
      append: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  const users = count('users', values.users, MAX_USERS);
  if (users === undefined) throw new Error('--users is required');
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now && Number.isNaN(now.getTime())) throw new Error('--now must be an ISO date, e.g. 2026-01-31');
  const databaseUrl = values['database-url'];
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('--database-url must be a postgres:// or postgresql:// URL');
  }
  return {
    users,
    memories: count('memories', values.memories, users * 1000),
    seed: values.seed,
    now,
    databaseUrl,
    password: values.password,
    append: values.append,
  };
}

const int = new Intl.NumberFormat('en-US');

function report(summary: SeedSummary, target: string): string {
  const lines = [
    `Seeded ${target} with seed "${summary.seed}", history up to ${summary.now.toISOString()}:`,
    ...Object.entries(summary.rows).map(
      ([table, n]) => `  ${table.padEnd(18)} ${int.format(n).padStart(11)}`,
    ),
    `Timings:`,
    ...summary.phases.map((p) => `  ${p.phase.padEnd(48)} ${(p.ms / 1000).toFixed(1).padStart(7)} s`),
    `  ${'total'.padEnd(48)} ${(summary.totalMs / 1000).toFixed(1).padStart(7)} s`,
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadConfig();
  const databaseUrl = args.databaseUrl ?? config.databaseUrl;
  const target = databaseUrl ? new URL(databaseUrl).pathname.slice(1) || 'postgres' : `${config.dataDir}/db`;
  const database = await openDatabase({ databaseUrl, dataDir: config.dataDir, poolSize: 2 }).catch(
    exitIfDataDirLocked,
  );
  try {
    await database.migrate();
    const passwordHash = args.password === undefined ? undefined : await hashPassword(args.password);
    const summary = await seedCommunity(database, {
      users: args.users,
      memories: args.memories,
      seed: args.seed,
      now: args.now,
      append: args.append,
      passwordHash,
      progress: createProgress(),
    });
    const t0 = performance.now();
    process.stderr.write('vacuum analyze…\n');
    await database.db.execute(sql`vacuum analyze`);
    summary.phases.push({ phase: 'vacuum analyze', ms: performance.now() - t0 });
    summary.totalMs += performance.now() - t0;
    process.stdout.write(report(summary, target));
    if (args.password !== undefined)
      process.stdout.write('Every seeded user can log in with the given password.\n');
    return 0;
  } catch (err) {
    if (err instanceof SeedRefusedError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`seed failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
