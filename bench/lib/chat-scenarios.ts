import { randomBytes } from 'node:crypto';
import { GROUP_SIZES, PEERS, type Fixture } from './chat-fixture.ts';
import { appDriver, relayDriver } from './chat-drivers.ts';
import {
  closeSockets,
  createLoad,
  keptUp,
  openSockets,
  type Driver,
  type Group,
  type Peer,
  type StepResult,
} from './chat-load.ts';
import type { ChatBenchOptions } from './chat-options.ts';
import {
  IDLE_SETTLE_MS,
  stepFailures,
  type ChatRunInfo,
  type ChatStep,
  type MemoryResult,
  type Scenario,
} from './chat-report.ts';
import type { LightSocket } from './light-socket.ts';
import { log } from './log.ts';
import type { CpuUsageMessage } from './protocol.ts';
import { startTarget, type RunningTarget } from './target-process.ts';

// bench:chat's runs: each target started in turn, its memory per idle socket read, then the rate
// steps of each conversation size, each rate run opts.repeats times; the results are pushed into
// the run's ChatRunInfo.

/** Seconds of the unreported warm-up step that opens each scenario. */
export function warmUpS(opts: ChatBenchOptions): number {
  return Math.min(2, opts.durationS);
}

const RELAY = new URL('../servers/chat-relay.ts', import.meta.url);
const APP = new URL('../servers/app-target.ts', import.meta.url);

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

/** One step at `rate`, with the CPU, GC and event-loop figures of the servers and this process. */
async function measureStep(
  run: (rate: number, durationS: number) => Promise<StepResult>,
  rate: number,
  repeat: number,
  opts: ChatBenchOptions,
  targets: RunningTarget<string>[],
): Promise<ChatStep> {
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
  return { ...step, repeat, serverCpu, clientCpu, server };
}

function logStep(label: string, step: ChatStep): void {
  const failures = stepFailures(step);
  log(
    `${label}: offered ${step.offered}/s #${step.repeat} → ${step.sendsPerS.toFixed(0)} sends/s, ` +
      `${step.deliveriesPerS.toFixed(0)} deliveries/s, p50 ${step.latency.p50.toFixed(1)} ms ` +
      `p99 ${step.latency.p99.toFixed(1)} ms, sent ${step.sent}, delivered ${step.delivered}, lost ${step.missing}, ` +
      `errors ${step.errors}, skipped ${step.skipped}, server CPU ${(step.serverCpu * 100).toFixed(0)} %, ` +
      `client CPU ${(step.clientCpu * 100).toFixed(0)} %, server GC ${step.server.gcMs.toFixed(0)} ms, ` +
      `longest server event-loop delay ${step.server.loopDelayMaxMs.toFixed(0)} ms: ` +
      (failures.length === 0 ? 'pass' : `FAIL (${failures.join(', ')})`),
  );
}

async function runScenario(
  label: string,
  groups: Group[],
  driver: Driver,
  rates: number[],
  opts: ChatBenchOptions,
  targets: RunningTarget<string>[],
): Promise<Scenario> {
  const run = createLoad(groups, driver, label.replace(/\W+/g, ''));
  log(`${label}: warm-up`);
  await run(rates[0] ?? 10, warmUpS(opts));
  const steps: Scenario['steps'] = [];
  for (const rate of rates) {
    // Every repeat at a rate runs, so one that fails stays in the report beside those that passed.
    for (let repeat = 1; repeat <= opts.repeats; repeat++) {
      const step = await measureStep(run, rate, repeat, opts, targets);
      logStep(label, step);
      steps.push(step);
    }
    if (steps.some((s) => s.offered === rate && !keptUp(s))) break;
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

/** The bare Socket.IO relay: memory per idle socket, then each conversation size. */
export async function benchRelay(opts: ChatBenchOptions, fixture: Fixture, info: ChatRunInfo): Promise<void> {
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

/** The real app, one instance or two over Redis; memory is measured on the single instance only. */
export async function benchApp(
  opts: ChatBenchOptions,
  fixture: Fixture,
  info: ChatRunInfo,
  databaseUrl: string,
  secret: string,
  instances: 1 | 2,
): Promise<void> {
  const args = ['app', '--database-url', databaseUrl, `--jwt-secret=${secret}`];
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
