import { CONFIRM_EVERY_MS, DRAIN_MS, HISTORY, keptUp, type StepResult } from './chat-load.ts';
import { machineLine } from './report.ts';

export interface MemoryResult {
  label: string;
  sockets: number;
  connectPerS: number;
  rssPerSocket: number;
  heapPerSocket: number;
}

/**
 * One measured run at one rate: `repeat` counts from 1 within the rate. Shares of one core: the
 * server process(es), and this process with every client socket; the servers' time in garbage
 * collection during the step and their longest event-loop delay.
 */
export type ChatStep = StepResult & {
  repeat: number;
  serverCpu: number;
  clientCpu: number;
  server: { gcMs: number; loopDelayMaxMs: number };
};

export interface Scenario {
  label: string;
  groupSize: number;
  groups: number;
  /** Every step in the order run, failures included. */
  steps: ChatStep[];
}

/** What the throughput scenarios offer, stated in the report. */
export interface ChatWorkload {
  /** Idle connections in the memory measurement. */
  idleSockets: number;
  /** Client sockets in the throughput scenarios, one user each. */
  peers: number;
  /** Offered sends/s, step by step, per conversation size (members). */
  rates: Record<number, number[]>;
  /** Measured seconds per step. */
  durationS: number;
  /** Steps run at each rate. */
  repeats: number;
  /** Seconds of the one warm-up step per scenario, not reported. */
  warmUpS: number;
}

export interface ChatRunInfo {
  date: Date;
  command: string;
  workload: ChatWorkload;
  postgresVersion: string;
  loadAverage: number[];
  memory: MemoryResult[];
  scenarios: Scenario[];
}

export const CHAT_MARKERS = { start: '<!-- bench:chat:start -->', end: '<!-- bench:chat:end -->' };

/** p99 send-to-receive latency the targets are held to. */
export const LATENCY_TARGET_MS = 100;
/** How long idle sockets settle before memory is read. */
export const IDLE_SETTLE_MS = 3_000;

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
// 9.996 rounds to 10.0, not 10.00.
const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : v < 9.995 ? v.toFixed(2) : v.toFixed(1));

/** Why a step missed: fell behind (keptUp), errors, or p99 not under the target. Empty when it passed. */
export function stepFailures(r: StepResult, targetMs: number = LATENCY_TARGET_MS): string[] {
  const reasons: string[] = [];
  if (r.sendsPerS < 0.9 * r.offered) reasons.push(`acked ${int.format(r.sendsPerS)}/s < 90 % of offered`);
  if (r.skipped > 0) reasons.push(`${int.format(r.skipped)} skipped`);
  if (r.missing > 0) reasons.push(`${int.format(r.missing)} lost`);
  if (r.errors > 0) reasons.push(`${int.format(r.errors)} errors`);
  if (Number.isNaN(r.latency.p99)) reasons.push('no deliveries');
  else if (r.latency.p99 >= targetMs) reasons.push(`p99 ${ms(r.latency.p99)} ≥ ${targetMs} ms`);
  if (reasons.length === 0 && !keptUp(r)) reasons.push('fell behind');
  return reasons;
}

/** Every repeat at one offered rate, reduced. */
export interface RateSummary {
  offered: number;
  repeats: number;
  /** Repeats with a failure (stepFailures not empty). */
  failed: number;
  /** True only when every repeat passed. */
  passed: boolean;
  /** p99 over the repeats: the median and the worst (NaN when a repeat had no deliveries). */
  medianP99: number;
  worstP99: number;
  /** The lowest of the repeats. */
  minSendsPerS: number;
  minDeliveriesPerS: number;
}

/** Median; NaN counts as worse than any number and is returned as NaN. */
export function median(values: number[]): number {
  const sorted = values.map((v) => (Number.isNaN(v) ? Infinity : v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const m =
    sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return Number.isFinite(m) ? m : Number.NaN;
}

/** Groups steps by offered rate (in the order first run) and reduces each group's repeats. */
export function summarizeRates(steps: StepResult[], targetMs: number = LATENCY_TARGET_MS): RateSummary[] {
  const byRate = new Map<number, StepResult[]>();
  for (const step of steps) byRate.set(step.offered, [...(byRate.get(step.offered) ?? []), step]);
  return [...byRate].map(([offered, group]) => {
    const failed = group.filter((r) => stepFailures(r, targetMs).length > 0).length;
    const p99s = group.map((r) => r.latency.p99);
    return {
      offered,
      repeats: group.length,
      failed,
      passed: failed === 0,
      medianP99: median(p99s),
      worstP99: Math.max(...p99s),
      minSendsPerS: Math.min(...group.map((r) => r.sendsPerS)),
      minDeliveriesPerS: Math.min(...group.map((r) => r.deliveriesPerS)),
    };
  });
}

/** The highest rate at which every repeat passed, and every rate at which one did not. */
export function scenarioVerdict(rates: RateSummary[]): {
  best: RateSummary | undefined;
  failed: RateSummary[];
} {
  const best = rates
    .filter((r) => r.passed)
    .reduce<RateSummary | undefined>((top, r) => (top && top.offered >= r.offered ? top : r), undefined);
  return { best, failed: rates.filter((r) => !r.passed) };
}

function renderMemory(memory: MemoryResult[]): string {
  const relay = memory.find((m) => m.label.includes('relay'));
  const rows = memory.map((m) => {
    const ratio = relay && m !== relay ? ` (${(m.rssPerSocket / relay.rssPerSocket).toFixed(2)}×)` : '';
    return `| ${m.label} | ${int.format(m.sockets)} | ${int.format(m.connectPerS)} | ${kib(m.rssPerSocket)}${ratio} | ${kib(m.heapPerSocket)} |`;
  });
  return [
    '| server | idle sockets | connects/s | RSS growth per socket | heap growth per socket |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

const repeatsPassed = (r: RateSummary) =>
  r.passed ? `${r.repeats} of ${r.repeats}` : `**${r.repeats - r.failed} of ${r.repeats}**`;

function renderRates(s: Scenario): string {
  const rows = summarizeRates(s.steps).map(
    (r) =>
      `| ${int.format(r.offered)} | ${repeatsPassed(r)} | ${ms(r.medianP99)} | ${ms(r.worstP99)} | ${int.format(r.minSendsPerS)} | ${int.format(r.minDeliveriesPerS)} |`,
  );
  return [
    '| offered sends/s | repeats passed | median p99 ms | worst p99 ms | lowest acked sends/s | lowest deliveries/s |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function renderSteps(s: Scenario): string {
  const rows = s.steps.map((r) => {
    const failures = stepFailures(r);
    const result = failures.length === 0 ? 'pass' : `**FAIL**: ${failures.join(', ')}`;
    return `| ${int.format(r.offered)} | ${r.repeat} | ${result} | ${int.format(r.sent)} / ${int.format(r.delivered)} / ${int.format(r.missing)} | ${int.format(r.sendsPerS)} | ${int.format(r.deliveriesPerS)} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${ms(r.ack.p50)} / ${ms(r.ack.p99)} | ${(r.serverCpu * 100).toFixed(0)} % | ${(r.clientCpu * 100).toFixed(0)} % | ${int.format(r.server.gcMs)} / ${int.format(r.server.loopDelayMaxMs)} | ${r.errors} / ${r.skipped} |`;
  });
  return [
    '| offered sends/s | repeat | result | sent / delivered / lost | acked sends/s | deliveries/s | p50 ms | p99 ms | max ms | ack p50 / p99 ms | server CPU | client CPU | server GC / longest loop delay ms | errors / skipped |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function renderScenario(s: Scenario): string {
  return [`**${s.label}** (${s.groups} conversations)`, '', renderRates(s), '', renderSteps(s)].join('\n');
}

/** Per scenario: the highest rate at which every repeat passed, its worst p99, and every rate that failed. */
function renderSummary(scenarios: Scenario[]): string {
  const rows = scenarios.map((s) => {
    const { best, failed } = scenarioVerdict(summarizeRates(s.steps));
    const misses =
      failed.length === 0
        ? 'none'
        : failed.map((r) => `${int.format(r.offered)} (${r.failed} of ${r.repeats})`).join(', ');
    return best
      ? `| ${s.label} | ${int.format(best.offered)} | ${int.format(best.minSendsPerS)} | ${int.format(best.minDeliveriesPerS)} | ${ms(best.worstP99)} | ${ms(best.medianP99)} | ${misses} |`
      : `| ${s.label} | none | | | | | ${misses} |`;
  });
  return [
    '| scenario | offered sends/s | lowest acked sends/s | lowest deliveries/s | worst p99 ms | median p99 ms | rates with a failed repeat (failed of run) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}

function renderWorkload(w: ChatWorkload): string {
  const sizes = Object.keys(w.rates).map(Number);
  return [
    `- Memory: ${int.format(w.idleSockets)} idle connections per server (one user each on Abrazo).`,
    ...sizes.map(
      (size) =>
        `- ${size}-member conversations: ${int.format(w.peers)} connections, ${Math.floor(w.peers / size)} conversations; ` +
        `offered ${(w.rates[size] ?? []).map((r) => int.format(r)).join(', ')} sends/s.`,
    ),
    `- Each rate: ${w.repeats} repeats of ${w.durationS} s measured, each followed by up to ${DRAIN_MS / 1000} s for stragglers; ` +
      `one unreported ${w.warmUpS} s warm-up step per scenario.`,
  ].join('\n');
}

export function renderChatSection(info: ChatRunInfo): string {
  const w = info.workload;
  const load = info.loadAverage.map((l) => l.toFixed(2)).join(', ');
  return `<!-- bench:chat:start -->

## Chat: idle connections and message throughput (\`npm run bench:chat\`)

\`bench/chat.bench.ts\` starts each server in a process of its own on 127.0.0.1 and drives it with
Socket.IO clients from the parent process (\`bench/lib/light-socket.ts\`: the Socket.IO protocol over a bare
WebSocket, which costs the load generator less CPU than \`socket.io-client\`; the tests use the real client):

- **bare Socket.IO relay** (\`bench/servers/chat-relay.ts\`), the reference: no auth, no database, no validation;
  \`send\` emits the payload to the room and acks;
- **Abrazo**: the real app (\`buildApp\`, production configuration, the logger writing to /dev/null) on a scratch
  PostgreSQL database; every message goes through \`message:send\`: validated, rate limited, stored in its
  transaction, acked after commit, then pushed as \`message:new\` to every member's sockets; each client confirms
  what it received with \`message:received\`, gathering what arrived within ${CONFIRM_EVERY_MS} ms into one event
  (the delivery confirmation, written back to the database in batches and reported to the senders);
- **Abrazo, two instances over Redis**: two such processes sharing the database and Redis (Socket.IO Redis
  adapter); members alternate between the instances, so most deliveries cross Redis.

Memory: after 50 warm-up connections, the server's RSS and V8 heap are read after a full collection, then again with
all the idle sockets connected (each an authenticated user with its own access token on Abrazo) and settled
${IDLE_SETTLE_MS / 1000} s; the table shows growth ÷ sockets.

Throughput: ${w.peers} sockets, one user each, in 2-member (direct) or 50-member (group) conversations,
each already holding ${HISTORY} messages, delivered and read, with statistics gathered (\`ANALYZE\`) as on a
deployment in use. The load is open-loop: a fixed offered rate of sends, round-robin over every member of every
conversation, for ${w.durationS} s per step, ${w.repeats} steps (repeats) at each rate; rates go up until a
repeat falls behind (under 90 % of the offered rate acked, sends dropped because 2,000 were waiting for their
ack, deliveries lost, or p99 over 1 s). A step passes when it kept up, had no errors and its p99 was under
${LATENCY_TARGET_MS} ms; a rate passes only when every repeat at it passed, and the summary gives the worst p99
of its repeats. Every step is listed, failures marked. Latency is send → receipt by each other member (all
clients share one clock); "deliveries/s" counts receipts by members other than the sender, "lost" the
deliveries still missing ${DRAIN_MS / 1000} s after the step. "server CPU" is the share of one core used by the
server process(es), "client CPU" that of the bench process, which runs all ${w.peers} client sockets; "server
GC" is the time the server process(es) spent collecting garbage during the step, and "longest loop delay" the
longest their event loop was held up (both from \`node:perf_hooks\`), which tells a server stall from queueing
elsewhere. The clients, PostgreSQL, Redis and the server share the machine's cores.

- Command: \`${info.command}\`
- Date: ${info.date.toISOString()}
- Machine: ${machineLine()}; load average at start ${load}
- PostgreSQL ${info.postgresVersion.split(' ')[0] ?? info.postgresVersion}

### Workload

${renderWorkload(w)}

### Memory per idle connection

${renderMemory(info.memory)}

### Highest rate at which all ${w.repeats} repeats passed (p99 under ${LATENCY_TARGET_MS} ms, kept up, no errors)

${renderSummary(info.scenarios)}

### Every rate and every step

${info.scenarios.map(renderScenario).join('\n\n')}

<!-- bench:chat:end -->`;
}
