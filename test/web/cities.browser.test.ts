import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { City } from '../../src/contract/cities.ts';
import { en } from '../../src/web/locales/en.ts';
import { createWebUser, signIn, type WebUser } from './accounts.ts';
import { axeViolations, describeFindings } from './axe.ts';
import {
  PHONE,
  hasChromium,
  horizontalOverflow,
  launchBrowser,
  newContext,
  settle,
  skipReason,
  startWebApp,
  watchPage,
  type PageProblems,
  type WebApp,
} from './harness.ts';

// A city's page on a 360 px phone: Rosa lives in a city of her own (a fresh name per run), Víctor lives
// elsewhere. Víctor opens the city by its name and lands on its slug, finds Rosa among its residents,
// follows the city (and sees himself among its visitors), still follows it after a reload, and
// unfollows; a refused follow is put back. Rosa is told she lives there; a signed-out visitor is
// asked to log in; an unknown city says so. The city is found first in the directory (/cities). The steps run in order and share Víctor's page.

async function expectAccessible(page: Page): Promise<void> {
  await settle(page);
  expect(describeFindings(await axeViolations(page)), page.url()).toEqual([]);
  const overflow = await horizontalOverflow(page);
  expect(overflow.by, overflow.culprits.join('; ')).toBeLessThanOrEqual(1);
}

describe.skipIf(!hasChromium)(`a city's page${skipReason}`, () => {
  const cityName = `Rosario ${randomBytes(4).toString('hex')}`;
  let web: WebApp;
  let browser: Browser;
  let rosa: WebUser;
  let victor: WebUser;
  let slug: string;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  /** API answers a step expects (a refused follow), logged by Chromium as console errors. */
  let expected: number | null = null;

  const tab = (name: string) => page.getByRole('tab', { name, exact: true });
  const selectedTab = (name: string) => page.getByRole('tab', { name, exact: true, selected: true });
  const followButton = () => page.getByRole('button', { name: en.cities.follow, exact: true });
  const unfollowButton = () => page.getByRole('button', { name: en.cities.unfollow, exact: true });
  const counts = () => page.getByRole('list', { name: en.cities.counts });

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    [rosa, victor] = await Promise.all([
      createWebUser(web.baseUrl, { displayName: 'Rosa Residente', city: cityName, country: 'AR' }),
      createWebUser(web.baseUrl, { displayName: 'Víctor Visitante', city: 'Montevideo', country: 'UY' }),
    ]);
    const res = await fetch(`${web.baseUrl}/api/v1/cities/${encodeURIComponent(cityName)}`);
    expect(res.status).toBe(200);
    slug = ((await res.json()) as { data: City }).data.slug;
    context = await newContext(browser, web.baseUrl, { viewport: PHONE });
    context.setDefaultTimeout(10_000);
    await signIn(context, victor);
    page = await context.newPage();
    problems = await watchPage(page, (status) => status === expected);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await web?.close();
  });

  it('is found in the directory by the first letters of its name, accents or not', async () => {
    await page.goto('/explore');
    await page.getByRole('link', { name: en.cities.browse }).click();
    await page.waitForURL('**/cities');
    await page.getByRole('heading', { level: 1, name: en.cities.directoryTitle }).waitFor();
    // Typed without the case and with an accent the name does not have: still the same city.
    await page.getByRole('searchbox', { name: en.cities.search }).fill(`RÓsario ${cityName.slice(8, 11)}`);
    const list = page.getByRole('list', { name: en.cities.directoryTitle });
    const row = list.getByRole('link', { name: new RegExp(`^${cityName}, Argentina`) });
    await row.waitFor();
    await expect.poll(() => list.getByRole('link').count()).toBe(1);
    await expectAccessible(page);
    await row.click();
    await page.waitForURL(`**/cities/${slug}`);
    await page.getByRole('heading', { level: 1, name: cityName }).waitFor();
  });

  it('opens by its name on the slug address, and lists the dancers who live there', async () => {
    await page.goto(`/cities/${encodeURIComponent(cityName)}`);
    await page.waitForURL(`**/cities/${slug}`);
    await page.getByRole('heading', { level: 1, name: cityName }).waitFor();
    await page.getByText('Argentina', { exact: true }).waitFor();
    await counts().getByText('1 resident', { exact: true }).waitFor();
    await counts().getByText('0 visitors', { exact: true }).waitFor();
    expect(await page.title()).toBe(`${cityName} · Abrazo`);
    await selectedTab(en.cities.tabMemories).waitFor();
    await page.getByText(en.cities.emptyMemories.replace('{{city}}', cityName)).waitFor();
    await expectAccessible(page);

    await tab(en.cities.tabResidents).click();
    await selectedTab(en.cities.tabResidents).waitFor();
    await page.waitForURL(`**/cities/${slug}?tab=residents`);
    const residents = page.getByRole('list', { name: `Dancers who live in ${cityName}` });
    const rosaLink = residents.getByRole('link', { name: /Rosa Residente/ });
    await rosaLink.waitFor();
    expect(await rosaLink.getAttribute('href')).toBe(`/u/${rosa.username}`);
    await residents.getByText(`@${rosa.username}`).waitFor();
    await expectAccessible(page);

    // The tabs answer the arrow keys, as a tablist does.
    await tab(en.cities.tabResidents).focus();
    await page.keyboard.press('ArrowRight');
    await selectedTab(en.cities.tabVisitors).waitFor();
    expect(await tab(en.cities.tabVisitors).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByText(en.cities.emptyVisitors, { exact: true }).waitFor();
    expect(problems.list).toEqual([]);
  });

  it('follows the city as a visitor, still after a reload, and unfollows', async () => {
    await followButton().click();
    await unfollowButton().waitFor();
    await counts().getByText('1 visitor', { exact: true }).waitFor();
    const visitors = page.getByRole('list', { name: `Dancers who follow ${cityName}` });
    await visitors.getByRole('link', { name: /Víctor Visitante/ }).waitFor();
    await expectAccessible(page);

    await page.reload();
    await unfollowButton().waitFor();
    await counts().getByText('1 visitor', { exact: true }).waitFor();
    await selectedTab(en.cities.tabVisitors).waitFor();
    await visitors.getByRole('link', { name: /Víctor Visitante/ }).waitFor();

    await unfollowButton().click();
    await followButton().waitFor();
    await counts().getByText('0 visitors', { exact: true }).waitFor();
    await page.getByText(en.cities.emptyVisitors, { exact: true }).waitFor();
    expect(problems.list).toEqual([]);
  });

  it('puts a refused follow back and says why', async () => {
    expected = 409;
    await page.route('**/api/v1/cities/*/follow', (route) =>
      route.fulfill({
        status: 409,
        json: { error: { code: 'CONFLICT', message: 'Refused', requestId: 'test' } },
      }),
    );
    try {
      await followButton().click();
      await page.getByText(en.errors.CONFLICT, { exact: true }).waitFor();
      await followButton().waitFor();
      await counts().getByText('0 visitors', { exact: true }).waitFor();
    } finally {
      await page.unroute('**/api/v1/cities/*/follow');
      expected = null;
    }
    expect(problems.list).toEqual([]);
  });

  it('tells a resident they live there, with no follow button', async () => {
    const rosaContext = await newContext(browser, web.baseUrl, { viewport: PHONE });
    try {
      await signIn(rosaContext, rosa);
      const rosaPage = await rosaContext.newPage();
      const rosaProblems = await watchPage(rosaPage);
      await rosaPage.goto(`/cities/${slug}`);
      await rosaPage.getByText(en.cities.livesHere, { exact: true }).waitFor();
      expect(await rosaPage.getByRole('button', { name: /follow city/i }).count()).toBe(0);
      await expectAccessible(rosaPage);
      expect(rosaProblems.list).toEqual([]);
    } finally {
      await rosaContext.close();
    }
  });

  it('asks a signed-out visitor to log in to follow', async () => {
    const anonymous = await newContext(browser, web.baseUrl, { viewport: PHONE });
    try {
      const anonymousPage = await anonymous.newPage();
      const anonymousProblems = await watchPage(anonymousPage);
      await anonymousPage.goto(`/cities/${slug}`);
      const logIn = anonymousPage.getByRole('link', { name: en.cities.logInToFollow });
      await logIn.waitFor();
      expect(await logIn.getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/cities/${slug}`)}`);
      await expectAccessible(anonymousPage);
      expect(anonymousProblems.list).toEqual([]);
    } finally {
      await anonymous.close();
    }
  });

  it('says when a city is not found, with a way on', async () => {
    expected = 404;
    try {
      await page.goto(`/cities/${encodeURIComponent(`Nowhere ${randomBytes(4).toString('hex')}`)}`);
      await page.getByRole('heading', { level: 1, name: en.cities.notFoundTitle }).waitFor();
      await expectAccessible(page);
      await page.getByRole('link', { name: en.cities.explore }).click();
      await page.waitForURL('**/explore');
    } finally {
      expected = null;
    }
    expect(problems.list).toEqual([]);
  });
});
