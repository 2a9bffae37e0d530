import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/app.ts';
import {
  ROOT,
  createProcesses,
  freePort,
  stop,
  waitUntilHealthy,
  type Exit,
  type RunningProcess,
} from '../helpers/server-process.ts';
import { listen } from '../helpers/sockets.ts';

// The browser test harness: the real web build served by the real app on a fresh database, and Debian's
// Chromium driven by playwright-core (a test tool never downloads a browser). A journey test:
//
//   describe.skipIf(!hasChromium)(`a journey${skipReason}`, () => {
//     beforeAll: web = await startWebApp(); browser = await launchBrowser();
//     it: const user = await createWebUser(web.baseUrl);              (accounts.ts)
//         const context = await newContext(browser, web.baseUrl);
//         await signIn(context, user);        the session cookies land in the context
//         const page = await context.newPage(); const problems = await watchPage(page);
//         await page.goto('/'); await settle(page);    the page restores the session itself
//         …select by role and label, act, assert…
//         expect(await axeViolations(page)).toEqual([]); expect(problems.list).toEqual([]);

export const CHROMIUM = '/usr/bin/chromium';
// BROWSER_TESTS=0 skips the journeys where they would only repeat a run already made (.ci/run runs them
// once, on the embedded database under the machine's Node, not again under each Node and database).
const turnedOff = process.env.BROWSER_TESTS === '0';
export const hasChromium = existsSync(CHROMIUM) && !turnedOff;
/** Appended to a describe's name: says why it was skipped. */
export const skipReason = hasChromium
  ? ''
  : turnedOff
    ? ' (skipped: BROWSER_TESTS=0)'
    : ` (skipped: ${CHROMIUM} is not installed)`;
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const WEB_ROOT = path.join(ROOT, 'dist/web');

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

const BUILD_LOCK = path.join(ROOT, 'dist/.web-build.lock');
const BUILD_TIMEOUT_MS = 180_000;

/**
 * Builds dist/web when it is missing or older than its sources (scripts/ensure-web-build.ts, as
 * `npm start` does). Test files running at the same time take turns through a lock directory, so
 * one builds and the others find the build fresh.
 */
export async function ensureWebBuild(): Promise<string> {
  mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // A lock left by a killed run is older than any build takes.
      const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > BUILD_TIMEOUT_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited ${BUILD_TIMEOUT_MS} ms for ${BUILD_LOCK}`);
      await sleep(250);
    }
  }
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-web-build.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: BUILD_TIMEOUT_MS,
    });
    if (run.status !== 0) {
      throw new Error(`the web build failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
  return WEB_ROOT;
}

export interface WebApp {
  t: TestApp;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real app serving the web build on a free port of 127.0.0.1, on a database of its own. It serves a
 * copy of the build, taken once: a rebuild of dist/web while the file runs (another test file, someone
 * at work) would otherwise swap the hashed assets from under the pages.
 */
export async function startWebApp(opts: Omit<TestAppOptions, 'webRoot'> = {}): Promise<WebApp> {
  const webRoot = mkdtempSync(path.join(tmpdir(), 'abrazo-web-'));
  cpSync(await ensureWebBuild(), webRoot, { recursive: true });
  const t = await createTestApp({ ...opts, webRoot });
  const baseUrl = await listen(t);
  return {
    t,
    baseUrl,
    close: async () => {
      await t.close();
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
}

export interface WebServer {
  baseUrl: string;
  /** SIGTERM and the exit (a graceful shutdown exits 0). */
  stop(): Promise<Exit>;
  /** Starts it again on the same port and data dir; resolves once it answers /healthz. */
  start(): Promise<void>;
  /** What the current process wrote to stderr (for a failure's message). */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * The real entry point (src/server/main.ts, as `npm start` runs it) in a child process, on a port and an
 * embedded data dir of its own, serving dist/web itself (not a copy): for stopping and starting it again
 * on both, as a restart or a deploy does. Its JWT secret lives in the data dir, so sessions outlive it.
 */
export async function startWebServer(): Promise<WebServer> {
  await ensureWebBuild();
  const processes = createProcesses();
  const port = await freePort();
  const env = {
    PORT: String(port),
    DATA_DIR: processes.makeDataDir(),
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    // Room for the registrations and sign-ins of a test file, all from 127.0.0.1.
    RATE_LIMIT_FACTOR: '20',
  };
  let current: RunningProcess | undefined;
  const start = async () => {
    current = processes.startServer(env);
    await waitUntilHealthy(current, port);
  };
  await start();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () => (current ? stop(current) : Promise.resolve({ code: null, signal: null })),
    start,
    stderr: () => current?.stderr() ?? '',
    close: async () => {
      if (current) await stop(current);
      processes.cleanup();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A context on the app. Service workers are blocked unless asked for: a test of one page should
 * not also download the whole precache, and the offline test turns them on.
 */
export function newContext(
  browser: Browser,
  baseUrl: string,
  opts: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    viewport: PHONE,
    serviceWorkers: 'block',
    locale: 'en-US',
    timezoneId: 'Europe/Madrid',
    ...opts,
  });
}

export interface PageProblems {
  /** Console errors, uncaught exceptions, CSP violations, failed requests and 5xx answers. */
  list: string[];
  clear(): void;
}

/**
 * Records what a person would never want to see go wrong on a page. An API answer of 4xx is logged by
 * Chromium as a console error; `allowStatus` lists the ones a page is expected to meet (a wrong token).
 */
export async function watchPage(
  page: Page,
  allowStatus: (status: number, url: string) => boolean = () => false,
) {
  const list: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && !/content security policy/i.test(msg.text())) return;
    const status = /status of (\d{3})/.exec(msg.text())?.[1];
    if (status && allowStatus(Number(status), msg.location().url)) return;
    list.push(`console ${msg.type()}: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => list.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? '';
    // Requests cut short by the next navigation are not failures of the page.
    if (failure.includes('ERR_ABORTED')) return;
    list.push(`request failed: ${req.method()} ${req.url()} ${failure}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) list.push(`${res.status()} from ${res.request().method()} ${res.url()}`);
  });
  await page.exposeFunction('__reportCspViolation', (line: string) => list.push(`CSP: ${line}`));
  // Injected by the browser itself, so the page's CSP does not apply to it.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (line: string) => Promise<void> })
        .__reportCspViolation;
      void report(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return {
    list,
    clear: () => {
      list.length = 0;
    },
  } satisfies PageProblems;
}

/**
 * Waits until the page has settled: loaded, no request for half a second (Playwright's networkidle
 * leaves the socket alone), and no skeleton or busy region left.
 */
export async function settle(page: Page, timeoutMs = 10_000): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => undefined);
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'), undefined, {
      timeout: timeoutMs,
    })
    .catch(() => undefined);
}

/** How far the page scrolls sideways past the viewport (0 when it does not), and what sticks out. */
export function horizontalOverflow(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const by = Math.max(0, document.documentElement.scrollWidth - width);
    const culprits: string[] = [];
    if (by > 1) {
      for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 1 && culprits.length < 8) {
          const cls =
            typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : '';
          culprits.push(`${el.tagName.toLowerCase()}${cls} right=${Math.round(box.right)}`);
        }
      }
    }
    return { by, culprits };
  });
}
