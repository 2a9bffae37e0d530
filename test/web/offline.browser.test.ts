import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebUser, signIn } from './accounts.ts';
import {
  hasChromium,
  launchBrowser,
  newContext,
  settle,
  skipReason,
  startWebApp,
  type WebApp,
} from './harness.ts';

// The service worker: after one visit the shell loads with the network gone (the app's own offline
// state, not the browser's offline page), and the API is never answered from a cache.

/** Waits until /sw.js is installed (its precache filled) and controls the page. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
    );
  });
}

/** What is on screen: the app's shell, or a browser error page. */
function shellState(page: Page) {
  return page.evaluate(() => ({
    url: location.href,
    title: document.title,
    hasRoot: (document.getElementById('root')?.childElementCount ?? 0) > 0,
    // The app's own navigation (index.html's placeholder frame has no name).
    navigations: document.querySelectorAll('#root nav[aria-label]').length,
  }));
}

describe.skipIf(!hasChromium)(`the shell offline, from the service worker${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    context = await newContext(browser, web.baseUrl, { serviceWorkers: 'allow' });
    await signIn(context, await createWebUser(web.baseUrl));
    page = await context.newPage();
    await page.goto('/', { waitUntil: 'load' });
    await waitForServiceWorker(page);
    await settle(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await web?.close();
  });

  it('registers /sw.js at the root scope', async () => {
    const registration = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration('/');
      return { scope: reg?.scope, script: reg?.active?.scriptURL };
    });
    expect(registration).toEqual({ scope: `${web.baseUrl}/`, script: `${web.baseUrl}/sw.js` });
  });

  it('reloads into the shell with the network gone, and opens a client route too', async () => {
    await context.setOffline(true);
    try {
      const reloaded = await page.reload({ waitUntil: 'load' });
      expect(reloaded?.status()).toBe(200);
      expect(reloaded?.fromServiceWorker()).toBe(true);
      await page.waitForSelector('#root nav[aria-label]', { timeout: 15_000 });
      expect(await shellState(page)).toMatchObject({ url: `${web.baseUrl}/`, hasRoot: true });

      const profile = await page.goto('/u/someone', { waitUntil: 'load' });
      expect(profile?.fromServiceWorker()).toBe(true);
      await page.waitForSelector('#root nav[aria-label]', { timeout: 15_000 });
      const state = await shellState(page);
      expect(state.url).toBe(`${web.baseUrl}/u/someone`);
      expect(state.navigations).toBeGreaterThan(0);
    } finally {
      await context.setOffline(false);
    }
  });

  it('never answers the API from a cache', async () => {
    await context.setOffline(true);
    try {
      const outcome = await page.evaluate(() =>
        fetch('/api/v1/feed/public').then(
          (res) => `answered ${res.status}`,
          () => 'failed',
        ),
      );
      expect(outcome).toBe('failed');
    } finally {
      await context.setOffline(false);
    }
  });

  it('takes navigations from the network while online', async () => {
    const res = await page.goto('/explore', { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    // The worker fetched it (NetworkOnly): the server's own headers came through.
    expect(res?.headers()['cache-control']).toBe('no-cache');
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  });
});
