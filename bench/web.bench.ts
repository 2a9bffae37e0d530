import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { FIRST_LOAD_BUDGET_KB, firstLoads } from './lib/first-load.ts';
import { log } from './lib/log.ts';
import { machineLine, writeSection } from './lib/report.ts';
import {
  CHROMIUM,
  CHROMIUM_FLAGS,
  ROOT,
  SEED_PASSWORD,
  ensureWebBuild,
  pickDancers,
  seedChats,
  startSeededServer,
  type SeededServer,
} from './lib/web-server.ts';

// npm run bench:web [-- --users N] [--runs N] [--no-write] [--lhr-dir DIR (keeps each run's Lighthouse JSON)]
//   [--only /,/home,/u/…,/chat (those pages only; writes nothing)]
// Lighthouse (mobile preset: a mid-range phone on a slow 4G link, simulated) on the real server, seeded
// with a small community, on 127.0.0.1: the landing page signed out, the home feed, a profile and the
// chat list signed in. Writes its section of docs/BENCHMARKS.md and exits 1 when a target is missed.

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '300' },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
    'lhr-dir': { type: 'string' },
    only: { type: 'string' },
  },
});
/** Measures only the pages whose path is listed (comma-separated), e.g. --only /chat; writes nothing. */
const ONLY = values.only === undefined ? undefined : new Set(values.only.split(','));
const LHR_DIR = values['lhr-dir'];
const USERS = Math.min(5_000, Math.max(10, Number(values.users)));
const RUNS = Math.min(9, Math.max(1, Number(values.runs)));
const WRITE = !values['no-write'] && ONLY === undefined;
const DEADLINE_MS = 30 * 60_000;
const WEB_ROOT = path.join(ROOT, 'dist/web');
const FILE = new URL('../docs/BENCHMARKS.md', import.meta.url);
const START = '<!-- bench:web:start -->';
const END = '<!-- bench:web:end -->';

const TARGETS = {
  performance: 95,
  accessibility: 100,
  bestPractices: 95,
  cls: 0.02,
  firstLoadKb: FIRST_LOAD_BUDGET_KB,
};

interface PageSpec {
  name: string;
  path: string;
  signedIn: boolean;
}

interface RunFigures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  cls: number;
  lcpMs: number;
  tbtMs: number;
  fcpMs: number;
  /** Scripts that finished before the load event: gzip -9 of the same files, and bytes on the wire (br). */
  firstLoadGzipKb: number;
  firstLoadWireKb: number;
  totalGzipKb: number;
  totalWireKb: number;
  /** Audits of the accessibility and best-practices categories that did not pass. */
  failing: string[];
  /** Lighthouse's measure of the machine's speed at the time (a desktop of 2024: about 1500 to 2500). */
  benchmarkIndex: number;
}

interface PageResult {
  page: PageSpec;
  url: string;
  runs: RunFigures[];
  median: RunFigures;
}

interface NetworkItem {
  url: string;
  sessionTargetType?: string;
  resourceType?: string;
  networkEndTime?: number;
  transferSize?: number;
}

const gzipCache = new Map<string, number>();
/** gzip -9 bytes of a built script, as the .gz the server would send; the wire size for others. */
function gzipOf(url: string, fallback: number): number {
  const file = path.join(WEB_ROOT, new URL(url).pathname);
  if (!existsSync(file)) return fallback;
  const cached = gzipCache.get(file);
  if (cached !== undefined) return cached;
  const size = gzipSync(readFileSync(file), { level: 9 }).length;
  gzipCache.set(file, size);
  return size;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function figuresOf(lhr: Lhr): RunFigures {
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const metrics = lhr.audits.metrics?.details as { items?: { observedLoad?: number }[] } | undefined;
  const loadAt = metrics?.items?.[0]?.observedLoad ?? Number.POSITIVE_INFINITY;
  const requests =
    (lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? [];
  // The page's own scripts: not the service worker's precache downloads, which start after the load.
  const scripts = requests.filter(
    (r) => r.resourceType === 'Script' && (r.sessionTargetType ?? 'page') === 'page',
  );
  const early = scripts.filter((r) => (r.networkEndTime ?? Number.POSITIVE_INFINITY) <= loadAt);
  const kb = (items: NetworkItem[], size: (r: NetworkItem) => number) =>
    items.reduce((sum, r) => sum + size(r), 0) / 1000;
  const wire = (r: NetworkItem) => r.transferSize ?? 0;
  const gz = (r: NetworkItem) => gzipOf(r.url, r.transferSize ?? 0);
  const failing = ['accessibility', 'best-practices'].flatMap((category) =>
    (lhr.categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${category}: ${ref.id}`),
  );
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    cls: numeric('cumulative-layout-shift'),
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    fcpMs: numeric('first-contentful-paint'),
    firstLoadGzipKb: kb(early, gz),
    firstLoadWireKb: kb(early, wire),
    totalGzipKb: kb(scripts, gz),
    totalWireKb: kb(scripts, wire),
    failing,
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

function medianFigures(runs: RunFigures[]): RunFigures {
  const m = (pick: (r: RunFigures) => number) => median(runs.map(pick));
  return {
    performance: m((r) => r.performance),
    accessibility: m((r) => r.accessibility),
    bestPractices: m((r) => r.bestPractices),
    cls: m((r) => r.cls),
    lcpMs: m((r) => r.lcpMs),
    tbtMs: m((r) => r.tbtMs),
    fcpMs: m((r) => r.fcpMs),
    firstLoadGzipKb: m((r) => r.firstLoadGzipKb),
    firstLoadWireKb: m((r) => r.firstLoadWireKb),
    totalGzipKb: m((r) => r.totalGzipKb),
    totalWireKb: m((r) => r.totalWireKb),
    failing: [...new Set(runs.flatMap((r) => r.failing))],
    benchmarkIndex: m((r) => r.benchmarkIndex),
  };
}

function misses(f: RunFigures): string[] {
  const out: string[] = [];
  if (f.performance < TARGETS.performance) out.push(`performance ${f.performance} < ${TARGETS.performance}`);
  if (f.accessibility < TARGETS.accessibility)
    out.push(`accessibility ${f.accessibility} < ${TARGETS.accessibility}`);
  if (f.bestPractices < TARGETS.bestPractices)
    out.push(`best practices ${f.bestPractices} < ${TARGETS.bestPractices}`);
  if (!(f.cls < TARGETS.cls)) out.push(`CLS ${f.cls.toFixed(3)} ≥ ${TARGETS.cls}`);
  if (f.firstLoadGzipKb > TARGETS.firstLoadKb) {
    out.push(`first-load JS ${f.firstLoadGzipKb.toFixed(1)} kB > ${TARGETS.firstLoadKb} kB`);
  }
  return out;
}

/** Signs the browser in as `username` the way the web app does: its cookies land in Chrome's jar. */
async function signInBrowser(port: number, base: string, username: string): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const context = browser.contexts()[0];
    if (!context) throw new Error('Chrome has no default context');
    const page = await context.newPage();
    // A document of the origin whose CSP lets it call the API (JSON answers forbid everything), and
    // not the app itself, which would register its service worker.
    await page.goto(`${base}/favicon.svg`);
    const status = await page.evaluate(
      async ({ login, password }) =>
        (
          await fetch('/api/v1/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ login, password }),
          })
        ).status,
      { login: username, password: SEED_PASSWORD },
    );
    if (status !== 200) throw new Error(`login as ${username} answered ${status}`);
    await page.close();
  } finally {
    // Disconnects; Chrome, its cookies and chrome-launcher's hold on it stay.
    await browser.close();
  }
}

async function measure(port: number, url: string, name: string): Promise<RunFigures> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
    maxWaitForLoad: 45_000,
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (result.lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${result.lhr.runtimeError.message}`);
  if (LHR_DIR) {
    mkdirSync(LHR_DIR, { recursive: true });
    writeFileSync(path.join(LHR_DIR, `${name}-${Date.now()}.json`), JSON.stringify(result.lhr));
  }
  return figuresOf(result.lhr);
}

const fmtMs = (v: number) => `${Math.round(v)}`;

function renderSection(info: {
  date: Date;
  users: number;
  seedMs: number;
  results: PageResult[];
  lighthouseVersion: string;
  chromeVersion: string;
  chats: { conversations: number; messages: number };
  retried: string[];
}): string {
  const built = firstLoads(WEB_ROOT);
  const rows = info.results.map(({ page, median: f, runs }) => {
    const missed = misses(f);
    return (
      `| ${page.name} | \`${page.path}\` | ${f.performance} (${runs.map((r) => r.performance).join(', ')}) | ` +
      `${f.accessibility} | ${f.bestPractices} | ${f.cls.toFixed(3)} | ${fmtMs(f.fcpMs)} | ${fmtMs(f.lcpMs)} | ` +
      `${fmtMs(f.tbtMs)} | ${f.firstLoadGzipKb.toFixed(1)} (${f.firstLoadWireKb.toFixed(1)}) | ` +
      `${f.totalGzipKb.toFixed(1)} (${f.totalWireKb.toFixed(1)}) | ${runs.map((r) => Math.round(r.benchmarkIndex)).join(', ')} | ` +
      `${missed.length === 0 ? 'met' : `**missed**: ${missed.join('; ')}`} |`
    );
  });
  const failing = info.results
    .filter((r) => r.median.failing.length > 0)
    .map((r) => `- ${r.page.name}: ${r.median.failing.map((f) => `\`${f}\``).join(', ')}`);
  return `${START}
## Web app: Lighthouse (\`npm run bench:web\`)

\`bench/web.bench.ts\` measures first visits of a phone on a slow network to the real server:

- Data: a temporary data dir seeded with \`npm run seed -- --users ${info.users} --password …\` (${(info.seedMs / 1000).toFixed(0)} s), removed at the end.
- Server: \`src/server/main.ts\` through tsx with \`NODE_ENV=production\`, the embedded database and the web build
  in \`dist/web\` (with its precompressed files), on 127.0.0.1.
- Lighthouse ${info.lighthouseVersion}, default mobile preset (a mid-range phone, simulated slow 4G, 4× CPU
  slowdown), in Debian's Chromium (${info.chromeVersion}); ${RUNS} run${RUNS === 1 ? '' : 's'} per page, the median of each figure.
  Lighthouse clears the origin's service worker, Cache Storage and HTTP cache before each run (every run is a
  first visit) and keeps the cookies: the signed-in pages use a session made by logging in through the API in the
  same browser first.
- Pages: the landing page signed out; the home feed, another dancer's profile and the chat list (\`/chat\`),
  signed in as a seeded dancer. The seed has no chat: before measuring, twelve other seeded dancers write to
  the viewer through the API and the two exchange two to five messages, and the viewer opens a group with
  four of them (${info.chats.conversations} conversations, ${info.chats.messages} messages).
- First-load JS: the scripts whose download ended before the load event, as the gzip -9 size of the same files
  (the budget's unit), with the bytes transferred in brackets (brotli: Chromium asks for it over HTTPS and
  from localhost, and the server sends the .br file built beside each script). Total JS: every script of the page.
- CPU index: Lighthouse's benchmark of the machine during each run (higher is faster; under 1000 it calls the
  host underpowered). The simulated throttling scales the main-thread time observed, so the performance score,
  through TBT above all, moves with whatever else the machine is doing.
- Targets: performance ≥ ${TARGETS.performance}, accessibility ${TARGETS.accessibility}, best practices ≥ ${TARGETS.bestPractices}, CLS < ${TARGETS.cls}, first-load JS ≤ ${TARGETS.firstLoadKb} kB gzip
  (1 kB = 1000 bytes). A missed target makes the bench exit with status 1.

### Last run

- Command: \`npm run bench:web${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`
- Date: ${info.date.toISOString()}
- Machine: ${machineLine()}; load average at the end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}

| page | path | performance (runs) | accessibility | best practices | CLS | FCP ms | LCP ms | TBT ms | first-load JS kB gzip (wire) | total JS kB gzip (wire) | CPU index (runs) | targets |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}

From the build's manifest (what \`test/web/build.test.ts\` holds to the budget in CI): ${built
    .map((b) => `${b.name}: ${b.gzipKb.toFixed(1)} kB gzip`)
    .join('; ')}.
${failing.length > 0 ? `\nAudits that did not pass in at least one run:\n\n${failing.join('\n')}\n` : ''}
Runs Lighthouse failed to record and made again: ${info.retried.length === 0 ? 'none' : info.retried.map((r) => `\n- ${r}`).join('')}
${END}`;
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    log(`${CHROMIUM} is missing: apt-get install chromium`);
    return 2;
  }
  const deadline = setTimeout(() => {
    log(`bench:web did not finish within ${DEADLINE_MS / 60_000} min; stopping`);
    process.exit(3);
  }, DEADLINE_MS);
  deadline.unref();

  ensureWebBuild();
  let server: SeededServer | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  const results: PageResult[] = [];
  const retried: string[] = [];
  try {
    server = await startSeededServer({ users: USERS });
    const { viewer, profile, others } = await pickDancers(server.base);
    const chats = await seedChats(server.base, viewer, others);
    log(
      `signed-in pages as ${viewer}; profile of ${profile}; ` +
        `${chats.conversationIds.length} conversations, ${chats.messages} messages`,
    );
    chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
    const pages: PageSpec[] = [
      { name: 'landing, signed out', path: '/', signedIn: false },
      { name: 'home feed, signed in', path: '/', signedIn: true },
      { name: 'profile, signed in', path: `/u/${profile}`, signedIn: true },
      { name: 'chat, signed in', path: '/chat', signedIn: true },
    ].filter((p) => !ONLY || ONLY.has(p.path === '/' && p.signedIn ? '/home' : p.path));
    let signedIn = false;
    for (const page of pages) {
      if (page.signedIn && !signedIn) {
        await signInBrowser(chrome.port, server.base, viewer);
        signedIn = true;
      }
      const url = `${server.base}${page.path}`;
      const runs: RunFigures[] = [];
      for (let i = 0; i < RUNS; i++) {
        log(`${page.name}: run ${i + 1}/${RUNS}`);
        try {
          runs.push(await measure(chrome.port, url, page.name.replace(/\W+/g, '-')));
        } catch (err) {
          // Lighthouse sometimes fails to record a trace (NO_NAVSTART, NO_FCP) on a busy machine: such a
          // run has no figures to count, and is made again, once per run, and reported.
          if (retried.length >= RUNS) throw err;
          retried.push(`${page.name}: ${err instanceof Error ? err.message : String(err)}`);
          log(`${page.name}: run ${i + 1} failed to record, again`);
          i--;
        }
      }
      results.push({ page, url, runs, median: medianFigures(runs) });
    }
    const versionPage = await fetch(`http://127.0.0.1:${chrome.port}/json/version`).then(
      (r) => r.json() as Promise<{ Browser?: string }>,
    );
    const lighthouseVersion = (
      JSON.parse(readFileSync(path.join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const section = renderSection({
      date: new Date(),
      users: USERS,
      seedMs: server.seedMs,
      results,
      lighthouseVersion,
      chromeVersion: versionPage.Browser ?? 'unknown',
      chats: { conversations: chats.conversationIds.length, messages: chats.messages },
      retried,
    });
    process.stdout.write(`${section}\n`);
    if (WRITE) await writeSection(FILE.pathname, section, { start: START, end: END });
  } finally {
    chrome?.kill();
    await server?.stop();
  }
  const missed = results.flatMap((r) => misses(r.median).map((m) => `${r.page.name}: ${m}`));
  for (const line of missed) log(`missed: ${line}`);
  return missed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`bench:web failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
