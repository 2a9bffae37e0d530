import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as prettier from 'prettier';
import type { BenchOptions } from './options.ts';
import type { TargetVariant } from './protocol.ts';

export interface TargetResult {
  variant: TargetVariant;
  /** Which round of the framework targets (bare, headers, plugins) this is, when there were several. */
  round?: number;
  route: string;
  /** Mean of autocannon's per-second samples. */
  rps: number;
  rpsStddev: number;
  /** Server CPU time (user + system) per completed request, in microseconds. */
  cpuPerRequest: number;
  /** Share of one core used by the server process and by autocannon (this process) while measuring. */
  serverCpuShare: number;
  clientCpuShare: number;
  requests: number;
  latency: { p50: number; p99: number; avg: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  setupMs: number;
}

export interface TargetFailure {
  variant: TargetVariant;
  error: string;
}

export interface RunInfo {
  date: Date;
  opts: BenchOptions;
  autocannonVersion: string;
  postgresVersion: string | undefined;
  loadAverage: number[];
}

export const LABELS: Record<TargetVariant, string> = {
  bare: 'bare Fastify',
  headers: 'bare + required headers',
  plugins: 'all our plugins',
  embedded: 'profile, embedded (PGlite)',
  postgres: 'profile, PostgreSQL',
};

const START = '<!-- bench:http:start -->';
const END = '<!-- bench:http:end -->';

const INTRO = `# Benchmarks

Measured figures for Abrazo. Each script under \`bench/\` rewrites its own section of this file, between its
\`<!-- bench:<name>:start -->\` and \`<!-- bench:<name>:end -->\` markers, on every full run; everything outside
the markers is left alone. Figures depend on the machine and on whatever else runs on it at the same time, so
each section says where, when and how it was measured.
`;

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function ms(v: number): string {
  return v < 10 ? v.toFixed(2) : v.toFixed(1);
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : 'n/a';
}

export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `Node ${process.version}, ${cpus.length} × ${model}, ${memGiB} GiB RAM, ${os.type()} ${os.release()} (${os.arch()})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The result of `variant` to compare r with: the same round's, else the first one. */
function baselineFor(
  results: TargetResult[],
  variant: TargetVariant,
  r: TargetResult,
): TargetResult | undefined {
  const candidates = results.filter((x) => x.variant === variant);
  return candidates.find((x) => x.round === r.round) ?? candidates[0];
}

const labelOf = (r: TargetResult) =>
  `${LABELS[r.variant]}${r.round === undefined ? '' : `, round ${r.round}`}`;

export function renderTable(results: TargetResult[], failures: TargetFailure[]): string {
  const lines = [
    '| target | route | req/s (avg ± sd) | vs bare | p50 ms | p99 ms | avg ms | max ms | server CPU µs/req | CPU server / client | requests | non-2xx | errors (timeouts) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const bare = baselineFor(results, 'bare', r);
    lines.push(
      `| ${labelOf(r)} | \`${r.route}\` | ${int.format(r.rps)} ± ${int.format(r.rpsStddev)} | ` +
        `${bare ? pct(r.rps, bare.rps) : 'n/a'} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ` +
        `${ms(r.latency.avg)} | ${ms(r.latency.max)} | ${int.format(r.cpuPerRequest)} | ` +
        `${Math.round(r.serverCpuShare * 100)} % / ${Math.round(r.clientCpuShare * 100)} % | ` +
        `${int.format(r.requests)} | ${r.non2xx} | ` +
        `${r.errors} (${r.timeouts}) |`,
    );
  }
  for (const f of failures) {
    lines.push(`| ${LABELS[f.variant]} | failed: ${f.error.replaceAll('|', '\\|')} | | | | | | | | | | | |`);
  }
  return lines.join('\n');
}

/** Per-round ratios of one target to a baseline (throughput and server CPU per request), in round order. */
function pairedRatios(results: TargetResult[], variant: TargetVariant, baseline: TargetVariant = 'bare') {
  return results
    .filter((r) => r.variant === variant)
    .flatMap((r) => {
      const base = baselineFor(results, baseline, r);
      return base ? [{ rps: r.rps / base.rps, cpu: base.cpuPerRequest / r.cpuPerRequest }] : [];
    });
}

/** bench:http's guard: all our plugins keep at least this share of bare Fastify's throughput. */
export const PLUGINS_GUARD = 0.6;

/** The plugins / bare throughput ratio (median of the rounds' ratios) against PLUGINS_GUARD. */
export function pluginsGuard(results: TargetResult[]): { ratio: number; held: boolean } | undefined {
  const plugins = pairedRatios(results, 'plugins');
  if (plugins.length === 0) return undefined;
  const ratio = median(plugins.map((p) => p.rps));
  return { ratio, held: ratio >= PLUGINS_GUARD };
}

/** "median 45.1 % (rounds: 44.0, 45.1, 47.3 %)", or the one ratio when there was one round. */
function describe(ratios: number[]): string {
  if (ratios.length === 1) return pct(ratios[0] ?? 0, 1);
  const each = ratios.map((x) => (x * 100).toFixed(1)).join(', ');
  return `median ${pct(median(ratios), 1)} (rounds: ${each} %)`;
}

export function renderRatios(results: TargetResult[]): string {
  const bares = results.filter((r) => r.variant === 'bare');
  if (bares.length === 0) return '(no bare baseline in this run, so no ratios)';
  const lines: string[] = [];
  const headers = pairedRatios(results, 'headers');
  if (headers.length > 0) {
    lines.push(
      `- **Bare + required headers / bare throughput: ${describe(headers.map((h) => h.rps))}**; by server ` +
        `CPU per request: ${describe(headers.map((h) => h.cpu))}. This is the ceiling for any stack that ` +
        `sends the headers every response must carry, before logging, metrics, rate limiting, validation or ` +
        `error handling.`,
    );
  }
  const plugins = pairedRatios(results, 'plugins');
  const guard = pluginsGuard(results);
  if (guard) {
    const p99 = (v: TargetVariant) =>
      median(results.filter((r) => r.variant === v).map((r) => r.latency.p99));
    lines.push(
      `- **Our plugins / bare throughput: ${describe(plugins.map((p) => p.rps))}** ` +
        `(guard ≥ ${PLUGINS_GUARD * 100} %: ${guard.held ? 'held' : '**failed**'}); ` +
        `p99 ${ms(p99('plugins'))} ms vs ${ms(p99('bare'))} ms. Measured as server CPU per ` +
        `request instead (less sensitive to other load on the machine): bare / plugins = ` +
        `${describe(plugins.map((p) => p.cpu))}.`,
    );
    const overHeaders = pairedRatios(results, 'plugins', 'headers');
    if (overHeaders.length > 0) {
      lines.push(
        `- Our plugins / bare + required headers: ${describe(overHeaders.map((x) => x.rps))} of the ` +
          `throughput, ${describe(overHeaders.map((x) => x.cpu))} by server CPU per request.`,
      );
    }
  }
  const bareRps = median(bares.map((b) => b.rps));
  for (const v of ['embedded', 'postgres'] as const) {
    const r = results.find((x) => x.variant === v);
    if (r) lines.push(`- ${LABELS[v]} / bare throughput: ${pct(r.rps, bareRps)}.`);
  }
  // One client keeps a framework target's single thread busy: well under one core means it waited for one.
  const shares = results
    .filter((r) => r.variant !== 'embedded' && r.variant !== 'postgres')
    .map((r) => r.serverCpuShare);
  if (shares.length > 0) {
    const share = median(shares);
    lines.push(
      `- The framework targets used a median of ${pct(share, 1)} of one core while measured` +
        (share < 0.8
          ? ': **the machine was shared** with other work, which took the rest, and the ratios above carry that noise.'
          : ' (about one core: little else ran).'),
    );
  }
  return lines.join('\n');
}

export function renderSection(info: RunInfo, results: TargetResult[], failures: TargetFailure[]): string {
  const { opts } = info;
  const load = info.loadAverage.map((l) => l.toFixed(2)).join(', ');
  // server_version reads like "15.20 (Debian 15.20-0+deb12u1)": the number is enough here.
  const postgres = info.postgresVersion ? ` (PostgreSQL ${info.postgresVersion.split(' ')[0]})` : '';
  const targets = [
    `- **${LABELS.bare}**: plain \`fastify()\` with no plugins and the logger off; \`GET /bench/doc\` returns a fixed JSON document (a milonga, about 600 bytes, in a \`{data: …}\` envelope).`,
    `- **${LABELS.headers}**: the same bare route, plus only the response headers every answer of ours must carry, set the way the app sets them: the security headers \`plugins/security.ts\` puts on a JSON response (helmet's, computed once: a \`default-src 'none'\` CSP, CORP, referrer policy, nosniff, X-Frame-Options, and the permissions policy; DESIGN.md §3), \`X-Request-Id\` (\`genRequestId\`) and \`X-Response-Time\`. No logging, metrics, rate limit, validation or error handler: the floor under the plugin stack.`,
    `- **${LABELS.plugins}**: the real app from \`buildApp\`, with everything it registers (error handler, input guard, request id and response time headers, the security headers, the latency histogram and process metrics, OpenAPI, the global rate limit, auth; CORS only with \`CORS_ORIGINS\` and cookies only on the session routes, so neither here), plus the same document at \`GET /bench/doc\` behind a zod querystring schema and a zod response schema.`,
    `- **${LABELS.embedded}** and **${LABELS.postgres}**: the same real app serving \`GET /api/v1/users/:username\` for one existing user among ${int.format(opts.users)} seeded ones (multi-row inserts, then \`ANALYZE\`): PGlite in a temporary data dir, or a fresh \`abrazo_bench_<random>\` database on \`BENCH_DATABASE_URL\`${postgres}, dropped at the end, through a pool of ${opts.poolSize} connections.`,
  ];
  const params = [
    `- Command: \`${opts.command}\``,
    `- Date: ${info.date.toISOString()}`,
    `- Machine: ${machineLine()}; load average at start ${load}`,
    `- Parameters: ${opts.connections} connections, pipelining ${opts.pipelining}, ${opts.durationS} s measured per target (at most ${int.format(opts.maxRequests)} requests) after a ${opts.warmupS} s warm-up, request timeout 10 s; ${opts.rounds} round${opts.rounds === 1 ? '' : 's'} of the framework targets; autocannon ${info.autocannonVersion}`,
  ];
  return `${START}
## HTTP: framework overhead and the profile route (\`npm run bench:http\`)

\`bench/http.bench.ts\` starts each target in a child process of its own (Node through tsx, listening on
127.0.0.1, port 0) and drives it from the parent process with autocannon's programmatic API, one target at a time,
so the load generator never shares the server's event loop. The three framework targets (bare, bare + required
headers, all our plugins) stay up together and take turns for several rounds, each round starting with the next
target (the table lists them in the order they ran), so that the machine's drift during a run weighs on each of
them alike; each round gives its own ratios, and the summary gives their median. Each target gets a warm-up that is
discarded, then a measured run bounded both in time and in number of requests. Every target's response is
checked once before the load starts (status 200, the expected body, and the app's headers).

**The guard:** all our plugins must keep at least ${PLUGINS_GUARD * 100} % of bare Fastify's throughput (the median of
the rounds' ratios, measured in the same run); below that the bench exits with status 1. "Where the plugin
stack's time goes", below this section, says where the rest goes.

${targets.join('\n')}

The app runs with the configuration production gets (\`NODE_ENV=production\`, config defaults), except two things:
the logger is the app's own (\`createLogger\` at level \`info\`, where a fast successful request writes no line and a
failed or slow one does) writing to \`/dev/null\` instead of the terminal; and \`RATE_LIMIT_FACTOR=1000000\`, so the global per-IP rate limit still counts every request but never
answers 429 to the single bench client.

"server CPU µs/req" is the server process's user + system CPU time during the measured run divided by the
requests completed; it moves less than req/s when other work shares the machine. On a 2-core machine the server
and autocannon each get about one core: absolute figures compare runs on the same machine, the ratios to bare
are the portable part. \`--cpu-prof\` writes a V8 profile of each server to \`bench/.results/profiles/\`.

### Last run

${params.join('\n')}

${renderTable(results, failures)}

${renderRatios(results)}
${END}`;
}

/**
 * Replaces this bench's section of docs/BENCHMARKS.md (creating the file or the section if needed), then
 * formats the file with the project's prettier config so `prettier --check` stays green.
 */
export async function writeSection(
  file: string,
  section: string,
  markers: { start: string; end: string } = { start: START, end: END },
): Promise<void> {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : INTRO;
  const start = current.indexOf(markers.start);
  const end = current.indexOf(markers.end);
  const next =
    start !== -1 && end > start
      ? current.slice(0, start) + section + current.slice(end + markers.end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(next, { ...config, filepath: file }));
}
