import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.ts';
import { PEERS, prepareFixture } from './lib/chat-fixture.ts';
import { CHAT_USAGE, readChatOptions } from './lib/chat-options.ts';
import { CHAT_MARKERS, renderChatSection, type ChatRunInfo } from './lib/chat-report.ts';
import { benchApp, benchRelay, warmUpS } from './lib/chat-scenarios.ts';
import { log } from './lib/log.ts';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.ts';
import { writeSection } from './lib/report.ts';
import { stopAllTargets } from './lib/target-process.ts';

// Chat benchmark: the real app (one instance, then two over Redis) beside a bare Socket.IO relay.
// Measures memory per idle connection and sustained sends into 2- and 50-member conversations.
// Options: bench/lib/chat-options.ts; data: chat-fixture.ts; runs: chat-scenarios.ts (all in bench/lib/).

const root = path.resolve(import.meta.dirname, '..');
const docsFile = path.join(root, 'docs/BENCHMARKS.md');

let scratch: ScratchDatabase | undefined;
let database: DatabaseHandle | undefined;

async function cleanUp(): Promise<void> {
  await stopAllTargets();
  await database?.close().catch(() => undefined);
  database = undefined;
  await scratch?.drop().catch((err: unknown) => log(`could not drop ${scratch?.name}: ${String(err)}`));
  scratch = undefined;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const opts = readChatOptions(process.argv.slice(2), process.env);
  if (opts === 'help') {
    process.stdout.write(CHAT_USAGE);
    return;
  }
  const secret = randomBytes(32).toString('hex');
  scratch = await createScratchDatabase(opts.serverUrl);
  log(`scratch database ${scratch.name} (PostgreSQL ${scratch.serverVersion})`);
  database = await openDatabase({ databaseUrl: scratch.url, dataDir: '', poolSize: 2 });
  await database.migrate();
  const fixture = await prepareFixture(database, opts.sockets, secret);
  await database.rows(sql`analyze`);

  const info: ChatRunInfo = {
    date: new Date(),
    command: opts.command,
    workload: {
      idleSockets: opts.sockets,
      peers: PEERS,
      rates: opts.rates,
      durationS: opts.durationS,
      repeats: opts.repeats,
      warmUpS: warmUpS(opts),
    },
    postgresVersion: scratch.serverVersion,
    loadAverage: os.loadavg(),
    memory: [],
    scenarios: [],
  };
  if (opts.only.has('relay')) await benchRelay(opts, fixture, info);
  if (opts.only.has('app')) await benchApp(opts, fixture, info, scratch.url, secret, 1);
  if (opts.only.has('redis')) await benchApp(opts, fixture, info, scratch.url, secret, 2);

  const section = renderChatSection(info);
  process.stdout.write(`${section}\n`);
  if (opts.write) {
    await writeSection(docsFile, section, CHAT_MARKERS);
    log(`wrote ${path.relative(root, docsFile)}`);
  }
}

try {
  await main();
} catch (err) {
  log(`bench:chat failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
