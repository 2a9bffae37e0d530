import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';

// Debian's Chromium, never a downloaded one; without it the suite is skipped, not failed.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const PHONE = { width: 360, height: 740 };
// Sub-pixel rounding only: anything wider scrolls sideways.
const OVERFLOW_TOLERANCE_PX = 1;
const SCREENSHOT = '/tmp/docs-360.png';
const OPERATION_SCREENSHOT = '/tmp/docs-360-operation.png';

interface PageProblems {
  console: string[];
  violations: string[];
}

let t: TestApp;
let browser: Browser;
let baseUrl: string;

/** Opens /api/docs on a phone-sized page and records console errors and CSP violations as they happen. */
async function openDocs(): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: PHONE,
    screen: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const problems: PageProblems = { console: [], violations: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /content security policy/i.test(msg.text())) {
      problems.console.push(`${msg.type()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.console.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.console.push(`request failed: ${req.url()}`));
  await page.exposeFunction('reportCspViolation', (line: string) => problems.violations.push(line));
  // Injected by the browser itself, so it is not subject to the page's CSP.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { reportCspViolation: (line: string) => void }).reportCspViolation;
      void report(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const res = await page.goto(`${baseUrl}/api/docs/`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  return { page, problems };
}

function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Elements wider than the viewport, to say what overflows when the check fails. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('#swagger-ui *')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0 && found.length < 10) {
        found.push(
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(box.right)}`,
        );
      }
    }
    return found;
  }, PHONE.width);
}

const skipReason = hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`;

describe.skipIf(!hasChromium)(`GET /api/docs in Chromium on a 360 px phone${skipReason}`, () => {
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders every operation without a console error, a CSP violation or sideways scrolling', async () => {
    const spec = await t.app.inject({ url: '/api/openapi.json' });
    const operationCount = Object.values(spec.json<{ paths: Record<string, object> }>().paths).reduce(
      (n, item) => n + Object.keys(item).length,
      0,
    );
    const { page, problems } = await openDocs();

    const operations = page.locator('#swagger-ui .opblock');
    await operations.first().waitFor({ timeout: 20_000 });
    await expect.poll(() => operations.count(), { timeout: 10_000 }).toBe(operationCount);

    expect(await scrollWidth(page), (await overflowing(page)).join('\n')).toBeLessThanOrEqual(
      PHONE.width + OVERFLOW_TOLERANCE_PX,
    );
    const pathFontPx = await page
      .locator('#swagger-ui .opblock-summary-path')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(pathFontPx).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: SCREENSHOT });

    expect(problems.violations).toEqual([]);
    expect(problems.console).toEqual([]);
  });

  it('keeps an opened operation within the screen', async () => {
    const { page, problems } = await openDocs();
    const operation = page.locator('#operations-memories-createMemory');
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('.opblock-body').waitFor({ timeout: 10_000 });
    await operation.screenshot({ path: OPERATION_SCREENSHOT });

    expect(await scrollWidth(page), (await overflowing(page)).join('\n')).toBeLessThanOrEqual(
      PHONE.width + OVERFLOW_TOLERANCE_PX,
    );

    expect(problems.violations).toEqual([]);
    expect(problems.console).toEqual([]);
  });
});
