import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createWebUser, signIn, type WebUser } from './accounts.ts';
import {
  PHONE,
  hasChromium,
  launchBrowser,
  newContext,
  settle,
  skipReason,
  startWebApp,
  type WebApp,
} from './harness.ts';

// The first page's data is asked for by boot.ts while the app's code downloads (app/early.ts), and the
// page's own queries take those answers over: each URL is fetched once, never twice.

describe.skipIf(!hasChromium)(`the first page's data, asked for early${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;
  let ana: WebUser;
  let bruno: WebUser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    [ana, bruno] = await Promise.all([
      createWebUser(web.baseUrl, { displayName: 'Ana Milonguera' }),
      createWebUser(web.baseUrl, { displayName: 'Bruno Tanguero' }),
    ]);
    await apiAs(web.baseUrl, bruno).postMemory('Una noche en Salon Canning #milonga');
    await apiAs(web.baseUrl, ana).follow(bruno.username);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const HOLD_MS = 1_500;

  interface Gets {
    page: Page;
    /** How many GETs went to each API path (whatever the query). */
    count: (path: string) => number;
    /** Whether a GET of this path and query went out while the app's code was held back. */
    early: (pathAndQuery: string) => boolean;
  }

  /**
   * Opens `path` with the app's code (main.tsx's chunk) held back for a while, as on a slow network, and
   * records the API GETs the page makes and when.
   */
  async function open(context: BrowserContext, path: string): Promise<Gets> {
    const page = await context.newPage();
    const sent: { path: string; search: string; at: number }[] = [];
    let releasedAt = Number.POSITIVE_INFINITY;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && url.pathname.startsWith('/api/')) {
        sent.push({ path: url.pathname, search: url.search, at: Date.now() });
      }
    });
    await page.route(/\/assets\/main-[\w-]+\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      releasedAt = Math.min(releasedAt, Date.now());
      await route.continue();
    });
    await page.goto(path);
    await settle(page);
    return {
      page,
      count: (p) => sent.filter((s) => s.path === p).length,
      early: (pq) => sent.some((s) => `${s.path}${s.search}` === pq && s.at < releasedAt),
    };
  }

  it('fetches the landing page’s public feed once', async () => {
    const context = await newContext(browser, web.baseUrl, { viewport: PHONE });
    try {
      const landing = await open(context, '/');
      await landing.page.getByText('Una noche en Salon Canning').first().waitFor();
      expect(landing.early('/api/v1/feed/public?limit=20')).toBe(true);
      expect(landing.count('/api/v1/feed/public')).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('fetches a city asked for by its name once, and not again on its slug address', async () => {
    const context = await newContext(browser, web.baseUrl, { viewport: PHONE });
    try {
      const res = await fetch(`${web.baseUrl}/api/v1/cities/${encodeURIComponent('Buenos Aires')}`);
      const { slug } = ((await res.json()) as { data: { slug: string } }).data;
      const city = await open(context, '/cities/Buenos%20Aires');
      await city.page.getByRole('heading', { level: 1, name: 'Buenos Aires' }).waitFor();
      await city.page.waitForURL(`**/cities/${slug}`);
      expect(city.early('/api/v1/cities/Buenos%20Aires')).toBe(true);
      expect(city.count('/api/v1/cities/Buenos%20Aires')).toBe(1);
      expect(city.count(`/api/v1/cities/${slug}`)).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('fetches a profile and its memories once, and the home feed and chat list once', async () => {
    const context = await newContext(browser, web.baseUrl, { viewport: PHONE });
    try {
      await signIn(context, ana);
      const profile = await open(context, `/u/${bruno.username}`);
      await profile.page.getByRole('heading', { name: 'Bruno Tanguero' }).waitFor();
      await profile.page.getByText('Una noche en Salon Canning').waitFor();
      expect(profile.early(`/api/v1/users/${bruno.username}`)).toBe(true);
      expect(profile.early(`/api/v1/users/${bruno.username}/memories?limit=20`)).toBe(true);
      expect(profile.count(`/api/v1/users/${bruno.username}`)).toBe(1);
      expect(profile.count(`/api/v1/users/${bruno.username}/memories`)).toBe(1);
      expect(profile.early('/api/v1/friend-requests?direction=incoming&limit=100')).toBe(true);
      expect(profile.count('/api/v1/friend-requests')).toBe(1);

      const home = await open(context, '/');
      await home.page.getByText('Una noche en Salon Canning').waitFor();
      expect(home.early('/api/v1/feed?limit=20')).toBe(true);
      expect(home.count('/api/v1/feed')).toBe(1);

      const chat = await open(context, '/chat');
      await chat.page.getByRole('heading', { name: 'Chat' }).waitFor();
      expect(chat.early('/api/v1/conversations?limit=30')).toBe(true);
      expect(chat.count('/api/v1/conversations')).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('loads the language’s Intl data in a worker of its own at boot, which closes when done', async () => {
    const context = await newContext(browser, web.baseUrl, { viewport: PHONE });
    try {
      const page = await context.newPage();
      const workers: string[] = [];
      const closed = new Promise<void>((resolve) =>
        page.on('worker', (worker) => {
          workers.push(new URL(worker.url()).pathname);
          worker.on('close', () => resolve());
        }),
      );
      await page.goto('/');
      await closed;
      expect(workers).toEqual([expect.stringMatching(/^\/assets\/intl-warm\.worker-[\w-]+\.js$/)]);
    } finally {
      await context.close();
    }
  });
});
