import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { City } from '../../src/contract/cities.ts';
import { en } from '../../src/web/locales/en.ts';
import { es } from '../../src/web/locales/es.ts';
import { apiAs, createWebUser, signIn, type WebUser } from './accounts.ts';
import { expectAccessible } from './axe.ts';
import {
  PHONE,
  hasChromium,
  launchBrowser,
  newContext,
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
// asked to log in; an unknown city says so. The city is found first in the directory (/cities); its
// Groups tab offers to start the first group, with the city filled in, and then lists it. Its Events
// tab offers to organise one, then lists the milonga Rosa organises there and leads to the city's
// calendar. The steps run in order and share Víctor's page.

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
    await expectAccessible(page, { noOverflow: true });
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
    await expectAccessible(page, { noOverflow: true });

    await tab(en.cities.tabResidents).click();
    await selectedTab(en.cities.tabResidents).waitFor();
    await page.waitForURL(`**/cities/${slug}?tab=residents`);
    const residents = page.getByRole('list', { name: `Dancers who live in ${cityName}` });
    const rosaLink = residents.getByRole('link', { name: /Rosa Residente/ });
    await rosaLink.waitFor();
    expect(await rosaLink.getAttribute('href')).toBe(`/u/${rosa.username}`);
    await residents.getByText(`@${rosa.username}`).waitFor();
    await expectAccessible(page, { noOverflow: true });

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
    await expectAccessible(page, { noOverflow: true });

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

  it('lists its groups, and starts the first one from there with the city filled in', async () => {
    await page.goto(`/cities/${slug}?tab=groups`);
    await selectedTab(en.cities.tabGroups).waitFor();
    await page.getByText(en.cities.emptyGroups.replace('{{city}}', cityName), { exact: true }).waitFor();
    await expectAccessible(page, { noOverflow: true });

    await page.getByRole('link', { name: en.cities.startGroup }).click();
    await page.waitForURL('**/groups/new?city=*');
    expect(await page.getByRole('textbox', { name: en.groups.form.city }).inputValue()).toBe(cityName);
    await page.getByRole('textbox', { name: en.groups.form.name }).fill(`Práctica ${cityName}`);
    await page.getByRole('button', { name: en.groups.form.create }).click();
    await page.getByRole('heading', { level: 1, name: `Práctica ${cityName}` }).waitFor();
    await page.getByRole('link', { name: cityName, exact: true }).waitFor();

    // Rosa's private group there too: both listed, in name order, without the city they are in.
    await apiAs(web.baseUrl, rosa).createGroup({
      name: `DJs ${cityName}`,
      visibility: 'private',
      city: slug,
    });
    await page.goto(`/cities/${slug}?tab=groups`);
    const groups = page.getByRole('list', { name: `Groups in ${cityName}` });
    await groups.getByRole('link').nth(1).waitFor();
    const rows = await groups.getByRole('link').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^DJs ${cityName}\\s*${en.groups.private}\\s*1 member$`));
    expect(rows[1]).toMatch(new RegExp(`^Práctica ${cityName}\\s*1 member$`));
    expect(await groups.getByRole('link').nth(1).getAttribute('href')).toMatch(/^\/groups\/[0-9a-f-]{36}$/);
    await expectAccessible(page, { noOverflow: true });
    expect(problems.list).toEqual([]);
  });

  it('lists the coming events in the city, and leads to its calendar', async () => {
    await page.goto(`/cities/${slug}`);
    await tab(en.cities.tabEvents).click();
    await selectedTab(en.cities.tabEvents).waitFor();
    await page.waitForURL(`**/cities/${slug}?tab=events`);
    await page.getByText(en.cities.emptyEvents.replace('{{city}}', cityName), { exact: true }).waitFor();
    await page.getByRole('link', { name: en.cities.createEvent }).waitFor();
    await expectAccessible(page, { noOverflow: true });

    const title = `Milonga ${cityName}`;
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const { id } = await apiAs(web.baseUrl, rosa).createEvent({
      type: 'milonga',
      title,
      startsAt: `${inThreeDays}T21:00`,
      endsAt: `${inThreeDays}T23:30`,
      timeZone: 'America/Argentina/Buenos_Aires',
      venue: { name: 'Club Español' },
      city: slug,
    });
    await page.reload();
    await selectedTab(en.cities.tabEvents).waitFor();
    const panel = page.getByRole('tabpanel', { name: en.cities.tabEvents });
    const row = panel.getByRole('link', { name: new RegExp(title) });
    await row.waitFor();
    expect(await row.getAttribute('href')).toBe(`/events/${id}?date=${inThreeDays}`);
    // Under its day, at the venue's time, without the city it is in.
    await panel.getByRole('heading', { level: 2 }).first().waitFor();
    expect(await row.textContent()).toContain(`${en.events.types.milonga} · Club Español`);
    expect(await row.textContent()).not.toContain('Club Español · ');
    await expectAccessible(page, { noOverflow: true });

    const all = panel.getByRole('link', { name: en.cities.allEvents.replace('{{city}}', cityName) });
    expect(await all.getAttribute('href')).toBe(`/events?city=${slug}`);
    await all.click();
    await page.waitForURL(`**/events?city=${slug}`);
    await page
      .getByRole('link', { name: new RegExp(title) })
      .first()
      .waitFor();
    expect(problems.list).toEqual([]);
  });

  it('fits its five tabs on a 360 px phone, in Spanish too', async () => {
    const spanish = await newContext(browser, web.baseUrl, { viewport: PHONE, locale: 'es-AR' });
    try {
      const spanishPage = await spanish.newPage();
      await spanishPage.goto(`/cities/${slug}`);
      await spanishPage.getByRole('tab', { name: es.cities.tabGroups }).waitFor();
      await page.goto(`/cities/${slug}`);
      await tab(en.cities.tabGroups).waitFor();
      for (const p of [page, spanishPage]) {
        const clipped = await p
          .getByRole('tab')
          .evaluateAll((tabs) =>
            tabs
              .filter((t) => t.scrollWidth > t.clientWidth || t.getBoundingClientRect().right > innerWidth)
              .map((t) => t.textContent),
          );
        expect(clipped).toEqual([]);
        expect(await p.getByRole('tab').count()).toBe(5);
      }
      await expectAccessible(spanishPage, { noOverflow: true });
    } finally {
      await spanish.close();
    }
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
      await expectAccessible(rosaPage, { noOverflow: true });
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
      await expectAccessible(anonymousPage, { noOverflow: true });
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
      await expectAccessible(page, { noOverflow: true });
      await page.getByRole('link', { name: en.cities.explore }).click();
      await page.waitForURL('**/explore');
    } finally {
      expected = null;
    }
    expect(problems.list).toEqual([]);
  });
});
