import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasChromium,
  launchBrowser,
  newContext,
  PHONE,
  skipReason,
  startWebApp,
  type WebApp,
} from './harness.ts';

// The dark palette is written once (styles/tokens.css, in a prefers-color-scheme query) and applied to
// the theme chosen in the app too: the page's colours follow the system until the dancer picks one,
// and the pick wins either way, after a reload as well.

const LIGHT_BG = 'rgb(250, 247, 243)';
const DARK_BG = 'rgb(22, 18, 20)';

describe.skipIf(!hasChromium)(`light and dark themes${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  async function pick(page: Page, theme: 'Light' | 'Dark' | 'Match the system'): Promise<void> {
    await page.getByRole('combobox', { name: 'Theme' }).first().selectOption({ label: theme });
  }

  for (const system of ['light', 'dark'] as const) {
    it(`follows a ${system} system until the dancer picks a theme`, async () => {
      const context = await newContext(browser, web.baseUrl, { viewport: PHONE, colorScheme: system });
      try {
        const page = await context.newPage();
        await page.goto('/');
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        expect(await background(page)).toBe(system === 'dark' ? DARK_BG : LIGHT_BG);

        const other = system === 'dark' ? 'Light' : 'Dark';
        await pick(page, other);
        await expect.poll(() => background(page)).toBe(other === 'Dark' ? DARK_BG : LIGHT_BG);
        await page.reload();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        expect(await background(page)).toBe(other === 'Dark' ? DARK_BG : LIGHT_BG);

        await pick(page, 'Match the system');
        await expect.poll(() => background(page)).toBe(system === 'dark' ? DARK_BG : LIGHT_BG);
      } finally {
        await context.close();
      }
    });
  }
});
