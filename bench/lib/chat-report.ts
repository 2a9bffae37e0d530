import { CONFIRM_EVERY_MS, HISTORY, keptUp, type StepResult } from './chat-load.ts';
import { machineLine } from './report.ts';

export interface MemoryResult {
  label: string;
  sockets: number;
  connectPerS: number;
  rssPerSocket: number;
  heapPerSocket: number;
}

export interface Scenario {
  label: string;
  groupSize: number;
  groups: number;
  /**
   * Shares of one core: the server process(es), and this process with every client socket; the
   * servers' time in garbage collection during the step and their longest event-loop delay.
   */
  steps: (StepResult & {
    serverCpu: number;
    clientCpu: number;
    server: { gcMs: number; loopDelayMaxMs: number };
  })[];
}

export interface ChatRunInfo {
  date: Date;
  command: string;
  durationS: number;
  peers: number;
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
const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(1));

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

function renderScenario(s: Scenario): string {
  const rows = s.steps.map(
    (r) =>
      `| ${int.format(r.offered)} | ${int.format(r.sendsPerS)} | ${int.format(r.deliveriesPerS)} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${ms(r.ack.p50)} / ${ms(r.ack.p99)} | ${(r.serverCpu * 100).toFixed(0)} % | ${(r.clientCpu * 100).toFixed(0)} % | ${int.format(r.server.gcMs)} / ${int.format(r.server.loopDelayMaxMs)} | ${r.errors} / ${r.skipped} / ${r.missing} |`,
  );
  return [
    `**${s.label}** (${s.groups} conversations)`,
    '',
    '| offered sends/s | acked sends/s | deliveries/s | p50 ms | p99 ms | max ms | ack p50 / p99 ms | server CPU | client CPU | server GC / longest loop delay ms | errors / skipped / missing |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** The highest step that kept up with p99 under the target, per scenario. */
function renderSummary(scenarios: Scenario[]): string {
  const rows = scenarios.map((s) => {
    const best = s.steps
      .filter((r) => keptUp(r) && r.errors === 0 && r.latency.p99 < LATENCY_TARGET_MS)
      .at(-1);
    return best
      ? `| ${s.label} | ${int.format(best.sendsPerS)} | ${int.format(best.deliveriesPerS)} | ${ms(best.latency.p99)} |`
      : `| ${s.label} | none under ${LATENCY_TARGET_MS} ms | | |`;
  });
  return [`| scenario | sends/s | deliveries/s | p99 ms |`, '| --- | ---: | ---: | ---: |', ...rows].join(
    '\n',
  );
}

export function renderChatSection(info: ChatRunInfo): string {
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

Throughput: ${info.peers} sockets, one user each, in 2-member (direct) or 50-member (group) conversations,
each already holding ${HISTORY} messages, delivered and read, with statistics gathered (\`ANALYZE\`) as on a
deployment in use. The
load is open-loop: a fixed offered rate of sends, round-robin over every member of every conversation, for
${info.durationS} s per step; rates go up until a step falls behind (under 90 % of the offered rate acked, sends
dropped because 2,000 were waiting for their ack, deliveries missing, or p99 over 1 s). Latency is send → receipt
by each other member (all clients share one clock); "deliveries/s" counts receipts by members other than the
sender. "server CPU" is the share of one core used by the server process(es), "client CPU" that of the bench
process, which runs all ${info.peers} client sockets; "server GC" is the time the server process(es) spent
collecting garbage during the step, and "longest loop delay" the longest their event loop was held up (both
from \`node:perf_hooks\`), which tells a server stall from queueing elsewhere. The clients, PostgreSQL, Redis and the server share the machine's cores.

- Command: \`${info.command}\`
- Date: ${info.date.toISOString()}
- Machine: ${machineLine()}; load average at start ${load}
- PostgreSQL ${info.postgresVersion.split(' ')[0] ?? info.postgresVersion}

### Memory per idle connection

${renderMemory(info.memory)}

### Highest rate with p99 under ${LATENCY_TARGET_MS} ms

${renderSummary(info.scenarios)}

### Every step

${info.scenarios.map(renderScenario).join('\n\n')}

<!-- bench:chat:end -->`;
}
