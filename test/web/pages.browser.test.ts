import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { City } from '../../src/contract/cities.ts';
import { WEB_PAGES, declaredRoutes, type PageData, type WebPage } from '../../bench/lib/web-pages.ts';
import { apiAs, createWebUser, signIn, type WebUser } from './accounts.ts';
import { axeViolations, describeFindings } from './axe.ts';
import {
  DESKTOP,
  PHONE,
  hasChromium,
  horizontalOverflow,
  launchBrowser,
  newContext,
  settle,
  skipReason,
  startWebApp,
  watchPage,
  type WebApp,
} from './harness.ts';

// Every route of src/web/app/router.tsx, signed out and signed in as a dancer with something to show
// (a memory with a comment and a reaction, a follower, a notification, a bookmark, a group of her city
// with a member and a memory shared there), on a 360 px phone and a 1280 px desktop: no console error,
// no uncaught exception, no failed request or 5xx, no sideways scrolling, and no serious or critical
// axe violation.

interface Fixture extends PageData {
  ana: WebUser;
  bruno: WebUser;
}

// The landing page and the home feed are both "/": one visit per sign-in state, under the fitting name.
const PLACEHOLDER: PageData = {
  username: 'u',
  memoryId: 'm',
  tag: 't',
  city: 'c',
  conversationId: 'c',
  groupId: 'g',
  eventId: 'e',
};
function casesFor(signedIn: boolean): WebPage[] {
  const byPath = new Map<string, WebPage>();
  for (const p of WEB_PAGES) {
    const key = p.path(PLACEHOLDER);
    const kept = byPath.get(key);
    if (!kept || (kept.signedInShot !== signedIn && p.signedInShot === signedIn)) byPath.set(key, p);
  }
  return [...byPath.values()];
}

/**
 * Visits `path` at each width and returns every problem found, named by width. Signed in, the page must
 * also have restored the session from the refresh cookie, as every page load does.
 */
async function checkPage(page: Page, path: string, c: WebPage, signedIn: boolean): Promise<string[]> {
  const problems = await watchPage(page, c.allowStatus);
  const found: string[] = [];
  for (const size of [PHONE, DESKTOP]) {
    problems.clear();
    await page.setViewportSize(size);
    const refreshed = signedIn
      ? page
          .waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'), { timeout: 20_000 })
          .then(
            (r) => r.status(),
            () => 'none',
          )
      : undefined;
    const res = await page.goto(path, { waitUntil: 'load' });
    if (res?.status() !== 200) found.push(`${size.width}px: ${path} answered ${res?.status()}`);
    if (refreshed && (await refreshed) !== 200) {
      found.push(`${size.width}px: the session was not restored (refresh: ${await refreshed})`);
    }
    await settle(page);
    const overflow = await horizontalOverflow(page);
    if (overflow.by > 1) {
      found.push(`${size.width}px: scrolls sideways by ${overflow.by}px: ${overflow.culprits.join('; ')}`);
    }
    for (const line of describeFindings(await axeViolations(page))) found.push(`${size.width}px: ${line}`);
    for (const line of problems.list) found.push(`${size.width}px: ${line}`);
  }
  return found;
}

describe.skipIf(!hasChromium)(`every page at 360 and 1280 px${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;
  let fixture: Fixture;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    const ana = await createWebUser(web.baseUrl, { displayName: 'Ana Milonguera', city: 'Buenos Aires' });
    const bruno = await createWebUser(web.baseUrl, { displayName: 'Bruno Tanguero', city: 'Montevideo' });
    const asAna = apiAs(web.baseUrl, ana);
    const asBruno = apiAs(web.baseUrl, bruno);
    const memory = await asAna.postMemory(
      `Anoche en La Viruta bailamos hasta el cierre con @${bruno.username}. ¡Qué orquesta! #milonga #vals`,
      { city: 'Buenos Aires' },
    );
    const brunos = await asBruno.postMemory(
      'Práctica de los jueves: giros y ochos cortados. #practica #milonga',
      {
        city: 'Montevideo',
      },
    );
    await asBruno.follow(ana.username);
    await asAna.follow(bruno.username);
    await asBruno.comment(memory.id, '¡Qué noche! Gracias por la tanda de Di Sarli.');
    await asBruno.react(memory.id);
    await asAna.bookmark(brunos.id);
    const conversation = await asBruno.openConversation(ana.id);
    await asBruno.sendMessage(conversation.id, '¿Vas a La Viruta el sábado?');
    await asAna.sendMessage(conversation.id, 'Sí, nos vemos ahí.');
    const city = await fetch(`${web.baseUrl}/api/v1/cities/${encodeURIComponent('Buenos Aires')}`);
    const group = await asAna.createGroup({
      name: 'Práctica de los martes',
      description: 'Giros, sacadas y mucho abrazo, los martes de 20 a 22.',
      visibility: 'public',
      city: ((await city.json()) as { data: City }).data.slug,
    });
    await asBruno.joinGroup(group.id);
    await asBruno.postInGroup(group.id, 'Hoy practicamos ochos cortados. ¡Gracias por venir! #practica');
    const slug = await fetch(`${web.baseUrl}/api/v1/cities/${encodeURIComponent('Buenos Aires')}`);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const event = await asAna.createEvent({
      type: 'milonga',
      title: 'Milonga del Abrazo',
      description: 'Pista de madera y tandas clásicas.',
      startsAt: `${inTwoDays}T21:00`,
      endsAt: `${inTwoDays}T23:30`,
      timeZone: 'America/Argentina/Buenos_Aires',
      venue: { name: 'Salón Canning', address: 'Av. Scalabrini Ortiz 1331' },
      city: ((await slug.json()) as { data: City }).data.slug,
      recurrence: `FREQ=WEEKLY;BYDAY=${['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(inTwoDays).getUTCDay()]};COUNT=4`,
      leaderCap: 1,
      followerCap: 1,
    });
    await asBruno.rsvp(event.id, { status: 'going', role: 'leader' });
    fixture = {
      ana,
      bruno,
      username: ana.username,
      memoryId: memory.id,
      tag: 'milonga',
      city: 'Buenos Aires',
      conversationId: conversation.id,
      groupId: group.id,
      eventId: event.id,
    };
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('covers every route the router declares', () => {
    const covered = new Set(WEB_PAGES.map((c) => c.route));
    expect(declaredRoutes().filter((r) => !covered.has(r))).toEqual([]);
  });

  // Spanish has the longer words ("Iniciar sesión", "Crear cuenta" beside the brand on a phone).
  it('fits a 360 px phone in Spanish, signed out', { timeout: 120_000 }, async () => {
    const context = await newContext(browser, web.baseUrl, { locale: 'es-AR' });
    try {
      const page = await context.newPage();
      await page.setViewportSize(PHONE);
      for (const path of ['/', '/signup', '/login', '/explore']) {
        await page.goto(path, { waitUntil: 'load' });
        await settle(page);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
        const overflow = await horizontalOverflow(page);
        expect(overflow.by, `${path}: ${overflow.culprits.join('; ')}`).toBeLessThanOrEqual(0);
        const links = page.getByRole('navigation', { name: 'Cuenta' }).getByRole('link');
        for (const box of await links.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
          expect(box, `${path}: a link of the top bar reaches past the screen`).toBeLessThanOrEqual(
            PHONE.width,
          );
        }
      }
    } finally {
      await context.close();
    }
  });

  for (const signedIn of [false, true]) {
    describe(signedIn ? 'signed in' : 'signed out', () => {
      for (const c of casesFor(signedIn)) {
        it(`${c.name} (${c.route})`, { timeout: 120_000 }, async () => {
          const context = await newContext(browser, web.baseUrl);
          try {
            if (signedIn) await signIn(context, fixture.ana);
            const page = await context.newPage();
            const problems = await checkPage(page, c.path(fixture), c, signedIn);
            expect(problems.length, `\n${problems.join('\n')}\n`).toBe(0);
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});
