import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { City } from '../../src/contract/cities.ts';
import { en } from '../../src/web/locales/en.ts';
import { apiAs, createWebUser, signIn, type WebUser } from './accounts.ts';
import { expectAccessible } from './axe.ts';
import {
  PHONE,
  hasChromium,
  launchBrowser,
  newContext,
  settle,
  skipReason,
  startWebApp,
  watchPage,
  type PageProblems,
  type WebApp,
} from './harness.ts';
import { LIVE_MS, gotoLive, mark } from './live.ts';

// A weekly milonga with one place for a leader and one for a follower, on 360 px phones: Olga makes it
// through the form; Ana answers Going as a leader and gets the place; Bruno, also a leader, is first
// on the leaders' waitlist; Ana says Not going, and Bruno's page (never reloaded) hears of it and
// shows him going. Olga then credits Ana as the teacher of a class; once Ana accepts, her profile leads
// to her tango résumé, which lists the class under teaching.

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name]));

/** A Friday at least a week ahead: "2026-12-11". */
function nextFriday(): string {
  const at = new Date(Date.now() + 7 * 86_400_000);
  while (at.getUTCDay() !== 5) at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString().slice(0, 10);
}

describe.skipIf(!hasChromium)(`events in the browser${skipReason}`, () => {
  const title = `Milonga ${randomBytes(3).toString('hex')}`;
  const friday = nextFriday();
  let web: WebApp;
  let browser: Browser;
  let olga: WebUser;
  let ana: WebUser;
  let bruno: WebUser;
  const contexts: BrowserContext[] = [];
  let organiser: Page;
  let anaPage: Page;
  let brunoPage: Page;
  let problems: PageProblems[];
  let eventUrl = '';

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    [olga, ana, bruno] = await Promise.all([
      createWebUser(web.baseUrl, { displayName: 'Olga Organiza' }),
      createWebUser(web.baseUrl, { displayName: 'Ana Abrazo' }),
      createWebUser(web.baseUrl, { displayName: 'Bruno Boleo' }),
    ]);
    const pageOf = async (user: WebUser) => {
      const context = await newContext(browser, web.baseUrl, { viewport: PHONE });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      await signIn(context, user);
      return context.newPage();
    };
    [organiser, anaPage, brunoPage] = await Promise.all([pageOf(olga), pageOf(ana), pageOf(bruno)]);
    problems = await Promise.all([watchPage(organiser), watchPage(anaPage), watchPage(brunoPage)]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await web?.close();
  });

  it('lets an organiser create a weekly milonga with a place per role through the form', async () => {
    await organiser.goto('/events');
    await organiser.getByRole('heading', { level: 1, name: en.events.title }).waitFor();
    await organiser.getByText(fill(en.events.noneIn, { city: 'Buenos Aires' })).waitFor();
    await expectAccessible(organiser, { noOverflow: true });
    await organiser.getByRole('link', { name: en.events.create }).first().click();

    await organiser.getByRole('heading', { level: 1, name: en.events.newTitle }).waitFor();
    await organiser.getByRole('textbox', { name: en.events.form.title, exact: true }).fill(title);
    await organiser.getByLabel(en.events.form.startsAt).fill(`${friday}T21:00`);
    await organiser.getByRole('radio', { name: en.events.form.repeats.weekly }).check();
    await organiser.getByRole('combobox', { name: en.events.form.weekday, exact: true }).waitFor();
    await organiser.getByRole('textbox', { name: en.events.form.count, exact: true }).fill('4');
    await organiser
      .getByRole('textbox', { name: en.events.form.venueName, exact: true })
      .fill('Salón Canning');
    await expect
      .poll(() => organiser.getByRole('textbox', { name: en.events.form.city, exact: true }).inputValue())
      .toBe('Buenos Aires');
    await organiser.getByRole('textbox', { name: en.events.form.leaderCap, exact: true }).fill('1');
    await organiser.getByRole('textbox', { name: en.events.form.followerCap, exact: true }).fill('1');
    await expectAccessible(organiser, { noOverflow: true });
    await organiser.getByRole('button', { name: en.events.form.create }).click();

    await organiser.getByRole('heading', { level: 1, name: title }).waitFor();
    eventUrl = new URL(organiser.url()).pathname;
    expect(eventUrl).toMatch(/^\/events\/[0-9a-f-]{36}$/);
    await organiser.getByText(fill(en.events.repeatsWeekly, { day: en.events.weekdays.FR })).waitFor();
    await organiser.getByRole('link', { name: en.events.registrations }).waitFor();
    // The series' coming dates: four Fridays, the first one shown.
    const dates = organiser.getByRole('navigation', { name: en.events.seriesDates }).getByRole('link');
    await expect.poll(() => dates.count()).toBe(4);
    expect(await dates.first().getAttribute('aria-current')).toBe('date');
    await expectAccessible(organiser, { noOverflow: true });
  });

  it('lists it in the city calendar, by day and in the month', async () => {
    await organiser.goto('/events');
    await organiser
      .getByRole('link', { name: new RegExp(title) })
      .first()
      .waitFor();
    await organiser.getByRole('link', { name: en.events.views.month }).click();
    await organiser.getByRole('link', { name: en.events.nextMonth }).waitFor();
    // The first Friday may fall in next month.
    if (!friday.startsWith(new Date().toISOString().slice(0, 7))) {
      await organiser.getByRole('link', { name: en.events.nextMonth }).click();
    }
    await organiser
      .getByRole('button', { name: new RegExp(`: ${fill(en.events.dayCount_one, { count: 1 })}$`) })
      .first()
      .waitFor();
    await expectAccessible(organiser, { noOverflow: true });
  });

  it('gives the leader place to Ana and waitlists Bruno first among leaders', async () => {
    await anaPage.goto(eventUrl);
    await anaPage.getByRole('heading', { level: 1, name: title }).waitFor();
    await anaPage.getByText(en.events.rsvp.none).waitFor();
    await anaPage.getByRole('radio', { name: en.events.roles.leader }).check();
    await anaPage.getByRole('button', { name: en.events.rsvp.answers.going, exact: true }).click();
    await anaPage.getByText(en.events.rsvp.goingAs.leader).waitFor();
    await anaPage.getByRole('list', { name: en.events.who.names }).getByText(ana.displayName).waitFor();
    await expectAccessible(anaPage, { noOverflow: true });

    await gotoLive(brunoPage, eventUrl);
    await brunoPage.getByRole('heading', { level: 1, name: title }).waitFor();
    await brunoPage.getByRole('radio', { name: en.events.roles.leader }).check();
    await brunoPage.getByRole('button', { name: en.events.rsvp.answers.going, exact: true }).click();
    await brunoPage.getByText(fill(en.events.rsvp.waitlistedAs.leader, { position: 1 })).waitFor();
    await expectAccessible(brunoPage, { noOverflow: true });
  });

  it('shows the organiser the waitlist in order', async () => {
    await organiser.goto(eventUrl);
    await organiser.getByRole('link', { name: en.events.registrations }).click();
    await organiser.getByRole('heading', { level: 1, name: en.events.reg.title }).waitFor();
    const waitlist = organiser.locator('ol.waitlist');
    await waitlist.getByText(bruno.displayName).waitFor();
    expect(await waitlist.locator('li').count()).toBe(1);
    await organiser.getByRole('link', { name: en.events.reg.csv }).waitFor();
    await expectAccessible(organiser, { noOverflow: true });
  });

  it('moves Bruno up live when Ana is no longer going', async () => {
    await mark(brunoPage);
    await anaPage.getByRole('button', { name: en.events.rsvp.answers.not_going, exact: true }).click();
    await anaPage.getByText(en.events.rsvp.notGoing).waitFor();

    // Bruno's page was never reloaded: the notification of his place arrives over the socket.
    await brunoPage.getByText(en.events.live.event_promoted).waitFor({ timeout: LIVE_MS });
    await brunoPage.getByText(en.events.rsvp.goingAs.leader).waitFor({ timeout: LIVE_MS });
    await brunoPage
      .getByRole('link', { name: /^Notifications\s?, 1 unread$/ })
      .first()
      .waitFor({ timeout: LIVE_MS });
    expect(await brunoPage.evaluate(() => (window as { liveMark?: boolean }).liveMark)).toBe(true);
    await settle(brunoPage);
    await expectAccessible(brunoPage, { noOverflow: true });
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  });

  it('lets the organiser invite Ana from the event page, and Ana hears of it live', async () => {
    await gotoLive(anaPage, '/events');
    await mark(anaPage);
    await organiser.goto(eventUrl);
    await organiser.getByRole('button', { name: en.events.invite.open }).click();
    const dialog = organiser.getByRole('dialog');
    await dialog.getByRole('textbox', { name: en.events.invite.usernames }).fill(`@${ana.username}`);
    await expectAccessible(organiser, { noOverflow: true });
    await dialog.getByRole('button', { name: en.events.invite.send }).click();
    await dialog.getByText(fill(en.events.invite.invited, { names: `@${ana.username}` })).waitFor();

    // Ana's page was not reloaded: the bell counts it, and the notification names the date.
    await anaPage
      .getByRole('link', { name: /^Notifications\s?, 1 unread$/ })
      .first()
      .click({ timeout: LIVE_MS });
    const day = new Intl.DateTimeFormat('en', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date(`${friday}T00:00:00Z`));
    const notice = anaPage.getByRole('link', {
      name: new RegExp(`${olga.displayName} invited you to ${title} on ${day}`),
    });
    await notice.waitFor();
    expect(await anaPage.evaluate(() => (window as { liveMark?: boolean }).liveMark)).toBe(true);
    await notice.click();
    await anaPage.waitForURL(`**${eventUrl}?date=${friday}`);
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  });

  it("lists an accepted credit on the dancer's tango résumé, reached from her profile", async () => {
    const classTitle = `Clase de giros ${randomBytes(3).toString('hex')}`;
    const city = await fetch(`${web.baseUrl}/api/v1/cities/${encodeURIComponent('Buenos Aires')}`);
    const { id } = await apiAs(web.baseUrl, olga).createEvent({
      type: 'clase',
      title: classTitle,
      startsAt: `${friday}T19:00`,
      endsAt: `${friday}T20:30`,
      timeZone: 'America/Argentina/Buenos_Aires',
      venue: { name: 'Salón Canning' },
      city: ((await city.json()) as { data: City }).data.slug,
      credits: [{ username: ana.username, role: 'teacher' }],
    });
    await apiAs(web.baseUrl, ana).acceptCredit(id);

    await anaPage.goto(`/u/${ana.username}`);
    await anaPage.getByRole('heading', { level: 1, name: ana.displayName }).waitFor();
    await anaPage.getByRole('link', { name: en.profile.resume }).click();
    await anaPage.waitForURL(`**/u/${ana.username}/resume`);
    await anaPage.getByRole('heading', { level: 1, name: en.events.resume.title }).waitFor();
    expect(await anaPage.title()).toBe(
      `${fill(en.events.resume.titleOf, { name: ana.displayName })} · Abrazo`,
    );
    // Under its role, with its date (the venue's day), type and city, opening the event.
    const teaching = anaPage.getByRole('region', { name: en.events.resume.roles.teacher });
    const entry = teaching.getByRole('link', { name: new RegExp(classTitle) });
    await entry.waitFor();
    expect(await entry.getAttribute('href')).toBe(`/events/${id}`);
    expect(await entry.locator('time').getAttribute('datetime')).toBe(friday);
    expect(await entry.textContent()).toContain(`${en.events.types.clase} · Buenos Aires`);
    expect(await anaPage.getByRole('region', { name: en.events.resume.roles.dj }).count()).toBe(0);
    await expectAccessible(anaPage, { noOverflow: true });

    await entry.click();
    await anaPage.getByRole('heading', { level: 1, name: classTitle }).waitFor();
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  });

  it("says a dancer is not here on an unknown dancer's résumé", async () => {
    const page = await organiser.context().newPage();
    const pageProblems = await watchPage(page, (status) => status === 404);
    try {
      await page.goto(`/u/nobody_${randomBytes(4).toString('hex')}/resume`);
      await page.getByRole('heading', { level: 1, name: en.profile.notFoundTitle }).waitFor();
      await page.getByRole('link', { name: en.profile.people.explore }).waitFor();
      await expectAccessible(page, { noOverflow: true });
      expect(pageProblems.list).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
