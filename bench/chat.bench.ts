import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.ts';
import { createEventBus } from '../src/server/lib/events.ts';
import { systemClock } from '../src/server/lib/clock.ts';
import { createAccessTokens } from '../src/server/modules/auth/tokens.ts';
import { createChatService } from '../src/server/modules/chat/chat.service.ts';
import type { Ack, Message } from '../src/contract/chat.ts';
import type { LightSocket } from './lib/light-socket.ts';
import type { CpuUsageMessage } from './lib/protocol.ts';
import {
  CONFIRM_EVERY_MS,
  HISTORY,
  closeSockets,
  createLoad,
  keptUp,
  openSockets,
  type Driver,
  type Group,
  type Peer,
} from './lib/chat-load.ts';
import {
  IDLE_SETTLE_MS,
  renderChatSection,
  type ChatRunInfo,
  type MemoryResult,
  type Scenario,
} from './lib/chat-report.ts';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.ts';
import { writeSection } from './lib/report.ts';
import { startTarget, stopAllTargets, type RunningTarget } from './lib/target-process.ts';
import { seedUsers } from './servers/seed.ts';

// Chat benchmark: the real app (one instance, then two over Redis) beside a bare Socket.IO relay.
// Measures memory per idle connection and sustained sends into 2- and 50-member conversations.

const USAGE = `npm run bench:chat -- [options]

  --sockets <n>     idle connections for the memory measurement     (default 5000)
  --duration <s>    measured seconds per rate step                  (default 8)
  --rates-2 <list>  sends/s offered into 2-member conversations     (default 100,200,400,800,1200,1600)
  --rates-50 <list> sends/s offered into 50-member conversations    (default 50,100,150,205,250,300)
  --only <list>     subset of relay,app,redis                       (default all)
  --quick           smoke run: 500 sockets, 2 s steps, two rates each; does not touch docs/BENCHMARKS.md
  --no-write        print the results only
  --cpu-prof        write a V8 CPU profile of every server to bench/.results/profiles/
  BENCH_DATABASE_URL  PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres); a database
                      abrazo_bench_<random> is created there and dropped at the end.
  BENCH_REDIS_URL     Redis for the two-instance run (default redis://127.0.0.1:6379)
`;

const root = path.resolve(import.meta.dirname, '..');
const docsFile = path.join(root, 'docs/BENCHMARKS.md');
const RELAY = new URL('./servers/chat-relay.ts', import.meta.url);
const APP = new URL('./servers/app-target.ts', import.meta.url);
/** Sockets (one per user) in the throughput scenarios: 250 pairs, or 10 groups of 50. */
const PEERS = 500;
const GROUP_SIZES = [2, 50] as const;
const MARKERS = { start: '<!-- bench:chat:start -->', end: '<!-- bench:chat:end -->' };

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function numberList(raw: string): number[] {
  const list = raw.split(',').map(Number);
  if (list.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`not a list of rates: ${raw}`);
  return list;
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      sockets: { type: 'string' },
      duration: { type: 'string' },
      'rates-2': { type: 'string' },
      'rates-50': { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const quick = values.quick;
  const only = (values.only ?? 'relay,app,redis').split(',');
  return {
    sockets: Number(values.sockets ?? (quick ? 500 : 5000)),
    durationS: Number(values.duration ?? (quick ? 2 : 8)),
    rates: {
      2: numberList(values['rates-2'] ?? (quick ? '100,200' : '100,200,400,800,1200,1600')),
      50: numberList(values['rates-50'] ?? (quick ? '25,50' : '50,100,150,205,250,300')),
    } as Record<(typeof GROUP_SIZES)[number], number[]>,
    only: new Set(only),
    quick,
    write: !quick && !values['no-write'],
    cpuProfDir: values['cpu-prof'] ? path.join(root, 'bench/.results/profiles') : undefined,
    serverUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    command: `npm run bench:chat${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  };
}
type Options = ReturnType<typeof readOptions>;

// --- The two kinds of target -------------------------------------------------------------------

const relayDriver: Driver = {
  async send(peer, group, id) {
    return (await peer.socket.emitWithAck('send', { room: group.id, id })) === true;
  },
  onReceive(peer, handler) {
    peer.socket.on('message', (payload) => handler((payload as { id: string }).id));
  },
};

const appDriver: Driver = {
  async send(peer, group, id) {
    const ack = (await peer.socket.emitWithAck('message:send', {
      conversationId: group.id,
      clientMessageId: id,
      body: `Nos vemos en la milonga esta noche (${id})`,
    })) as Ack<Message>;
    return ack.ok;
  },
  onReceive(peer, handler) {
    // Confirmed like a real client does (the delivery confirmation): what arrived within
    // CONFIRM_EVERY_MS goes out in one message:received, the highest seq per conversation.
    const held = new Map<string, number>();
    let timer: NodeJS.Timeout | undefined;
    const confirm = () => {
      timer = undefined;
      const received = [...held].map(([conversationId, seq]) => ({ conversationId, seq }));
      held.clear();
      peer.socket.emit('message:received', { received });
    };
    peer.socket.on('message:new', (payload) => {
      const message = payload as Message;
      held.set(message.conversationId, Math.max(held.get(message.conversationId) ?? 0, message.seq));
      timer ??= setTimeout(confirm, CONFIRM_EVERY_MS);
      handler(message.clientMessageId);
    });
  },
};

interface Fixture {
  userIds: string[];
  tokens: string[];
  /** Conversation ids per group size, each with its members' indexes into userIds. */
  conversations: Record<number, { id: string; members: number[] }[]>;
}

async function prepare(database: DatabaseHandle, opts: Options, secret: string): Promise<Fixture> {
  const users = Math.max(opts.sockets, PEERS);
  log(`seeding ${users} users and the conversations…`);
  await seedUsers(database.db, users);
  // Strangers to each other: let them start conversations (the default accepts only people one follows).
  await database.db.execute(sql`update users set direct_messages = 'everyone'`);
  const userIds = (
    await database.rows<{ id: string }>(sql`select id from users order by username limit ${users}`)
  ).map((r) => r.id);
  const tokens = createAccessTokens(secret, systemClock);
  const signed: string[] = [];
  for (const userId of userIds) signed.push((await tokens.sign({ userId, sessionId: randomUUID() })).token);

  const chat = createChatService({ db: database.db, events: createEventBus(), clock: systemClock });
  const conversations: Fixture['conversations'] = {};
  for (const size of GROUP_SIZES) {
    const list: { id: string; members: number[] }[] = [];
    for (let start = 0; start + size <= PEERS; start += size) {
      const members = Array.from({ length: size }, (_, k) => start + k);
      const [owner, ...others] = members.map((i) => userIds[i] ?? '');
      const conversation = await chat.createConversation(
        { userId: owner ?? '', sessionId: randomUUID() },
        size === 2
          ? { kind: 'direct', memberIds: [others[0] ?? ''] }
          : { kind: 'group', name: `Práctica ${start / size + 1}`, memberIds: others },
      );
      list.push({ id: conversation.id, members });
    }
    conversations[size] = list;
  }
  await seedHistory(
    database,
    Object.values(conversations).flatMap((list) => list.map((c) => c.id)),
  );
  return { userIds, tokens: signed, conversations };
}

/**
 * HISTORY earlier messages in every conversation, from its members in turn, all delivered and read:
 * the measured sends land on tables the size of a deployment in use, planned with statistics of
 * them (an empty messages table at ANALYZE time gets plans that scan it once it fills).
 */
async function seedHistory(database: DatabaseHandle, conversationIds: string[]): Promise<void> {
  const ids = sql`${sql.param(conversationIds)}::uuid[]`;
  await database.rows(sql`
    with members as (
      select conversation_id, user_id,
             row_number() over (partition by conversation_id order by user_id) - 1 as k,
             count(*) over (partition by conversation_id) as n
      from conversation_members where conversation_id = any(${ids})
    )
    insert into messages (id, conversation_id, sender_id, seq, body, client_message_id, created_at)
    select gen_random_uuid(), m.conversation_id, m.user_id, g, 'Historia ' || g, 'history-' || g,
           now() - make_interval(secs => ${HISTORY} - g)
    from generate_series(1, ${HISTORY}) as g
    join members m on m.k = g % m.n`);
  await database.rows(sql`
    update conversations set last_seq = ${HISTORY}, last_message_at = now() where id = any(${ids})`);
  await database.rows(sql`
    update conversation_members set read_seq = ${HISTORY} where conversation_id = any(${ids})`);
  await database.rows(sql`
    insert into conversation_deliveries (conversation_id, user_id, delivered_seq)
    select conversation_id, user_id, ${HISTORY} from conversation_members where conversation_id = any(${ids})`);
}

// --- Measurements --------------------------------------------------------------------------------

async function measureMemory(
  target: RunningTarget<string>,
  count: number,
  authOf: (i: number) => Record<string, string>,
): Promise<Omit<MemoryResult, 'label'>> {
  // Warm up: the first connections load code and grow pools that are not per-socket costs.
  closeSockets(await openSockets(50, () => target.url, authOf));
  await new Promise((r) => setTimeout(r, 1_000));
  const before = await target.memory();
  const t0 = performance.now();
  const sockets = await openSockets(count, () => target.url, authOf);
  const connectS = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
  const after = await target.memory();
  closeSockets(sockets);
  return {
    sockets: count,
    connectPerS: count / connectS,
    rssPerSocket: (after.rss - before.rss) / count,
    heapPerSocket: (after.heapUsed - before.heapUsed) / count,
  };
}

async function runScenario(
  label: string,
  groups: Group[],
  driver: Driver,
  rates: number[],
  opts: Options,
  targets: RunningTarget<string>[],
): Promise<Scenario> {
  const run = createLoad(groups, driver, label.replace(/\W+/g, ''));
  log(`${label}: warm-up`);
  await run(rates[0] ?? 10, Math.min(2, opts.durationS));
  const steps: Scenario['steps'] = [];
  for (const rate of rates) {
    const before = await Promise.all(targets.map((t) => t.usage()));
    const client0 = process.cpuUsage();
    const t0 = performance.now();
    const step = await run(rate, opts.durationS);
    const after = await Promise.all(targets.map((t) => t.usage()));
    const elapsedMicros = (performance.now() - t0) * 1000;
    const client = process.cpuUsage(client0);
    const clientCpu = (client.user + client.system) / elapsedMicros;
    const sum = (f: (u: CpuUsageMessage, i: number) => number) =>
      after.reduce((total, u, i) => total + f(u, i), 0);
    const serverCpu = sum((u, i) => u.micros - (before[i]?.micros ?? 0)) / elapsedMicros;
    const server = {
      gcMs: sum((u, i) => u.gcMs - (before[i]?.gcMs ?? 0)),
      loopDelayMaxMs: Math.max(...after.map((u) => u.loopDelayMaxMs)),
    };
    steps.push({ ...step, serverCpu, clientCpu, server });
    log(
      `${label}: offered ${rate}/s → ${step.sendsPerS.toFixed(0)} sends/s, ${step.deliveriesPerS.toFixed(0)} deliveries/s, ` +
        `p50 ${step.latency.p50.toFixed(1)} ms p99 ${step.latency.p99.toFixed(1)} ms, errors ${step.errors}, ` +
        `skipped ${step.skipped}, missing ${step.missing}, server CPU ${(serverCpu * 100).toFixed(0)} %, ` +
        `client CPU ${(clientCpu * 100).toFixed(0)} %, server GC ${server.gcMs.toFixed(0)} ms, ` +
        `longest server event-loop delay ${server.loopDelayMaxMs.toFixed(0)} ms`,
    );
    if (!keptUp(step)) break;
  }
  return { label, groupSize: groups[0]?.peers.length ?? 0, groups: groups.length, steps };
}

function groupsOf(
  sockets: LightSocket[],
  conversations: { id: string; members: number[] }[],
  keyOf: (i: number) => string,
): Group[] {
  return conversations.map((c) => ({
    id: c.id,
    peers: c.members.map((i): Peer => {
      const socket = sockets[i];
      if (!socket) throw new Error(`no socket for member ${i}`);
      return { socket, key: keyOf(i) };
    }),
  }));
}

async function benchRelay(opts: Options, fixture: Fixture, info: ChatRunInfo): Promise<void> {
  const relay = await startTarget('relay', { args: [], entry: RELAY, execArgv: ['--expose-gc'] });
  try {
    log(`relay: memory with ${opts.sockets} idle sockets`);
    info.memory.push({
      label: 'bare Socket.IO relay',
      ...(await measureMemory(relay, opts.sockets, () => ({}))),
    });
    for (const size of GROUP_SIZES) {
      const sockets = await openSockets(
        PEERS,
        () => relay.url,
        () => ({}),
      );
      const conversations = fixture.conversations[size] ?? [];
      const groups = groupsOf(sockets, conversations, String);
      await Promise.all(groups.flatMap((g) => g.peers.map((p) => p.socket.emitWithAck('join', g.id))));
      info.scenarios.push(
        await runScenario(`relay, ${size} members`, groups, relayDriver, opts.rates[size], opts, [relay]),
      );
      closeSockets(sockets);
    }
  } finally {
    await relay.stop();
  }
}

async function benchApp(
  opts: Options,
  fixture: Fixture,
  info: ChatRunInfo,
  databaseUrl: string,
  secret: string,
  instances: 1 | 2,
): Promise<void> {
  const args = ['app', '--database-url', databaseUrl, '--jwt-secret', secret];
  if (instances === 2) {
    args.push(
      '--redis-url',
      opts.redisUrl,
      '--redis-prefix',
      `abrazo-bench-${randomBytes(4).toString('hex')}`,
    );
  }
  const targets: RunningTarget<string>[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      targets.push(
        await startTarget(`app${i + 1}`, {
          args,
          entry: APP,
          execArgv: ['--expose-gc'],
          cpuProfDir: opts.cpuProfDir,
        }),
      );
    }
    const urlOf = (i: number) => targets[i % targets.length]?.url ?? '';
    const authOf = (i: number) => ({ token: fixture.tokens[i] ?? '' });
    const first = targets[0];
    if (instances === 1 && first) {
      log(`app: memory with ${opts.sockets} idle authenticated sockets`);
      info.memory.push({ label: 'Abrazo', ...(await measureMemory(first, opts.sockets, authOf)) });
    }
    const where = instances === 1 ? 'one instance' : 'two instances over Redis';
    for (const size of GROUP_SIZES) {
      const sockets = await openSockets(PEERS, urlOf, authOf);
      const groups = groupsOf(sockets, fixture.conversations[size] ?? [], (i) => fixture.userIds[i] ?? '');
      info.scenarios.push(
        await runScenario(
          `Abrazo ${where}, ${size} members`,
          groups,
          appDriver,
          opts.rates[size],
          opts,
          targets,
        ),
      );
      closeSockets(sockets);
    }
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
}

// --- Main ------------------------------------------------------------------------------------------

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
  const opts = readOptions();
  const secret = randomBytes(32).toString('hex');
  scratch = await createScratchDatabase(opts.serverUrl);
  log(`scratch database ${scratch.name} (PostgreSQL ${scratch.serverVersion})`);
  database = await openDatabase({ databaseUrl: scratch.url, dataDir: '', poolSize: 2 });
  await database.migrate();
  const fixture = await prepare(database, opts, secret);
  await database.rows(sql`analyze`);

  const info: ChatRunInfo = {
    date: new Date(),
    command: opts.command,
    durationS: opts.durationS,
    peers: PEERS,
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
    await writeSection(docsFile, section, MARKERS);
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
