import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiAs, chatPair, signIn, type WebUser } from './accounts.ts';
import { expectAccessible } from './axe.ts';
import {
  DESKTOP,
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
import { bubbles, goOffline, gotoLive, LIVE_MS, send, texts } from './live.ts';

// Chat between two browser contexts, Ana on a phone and Bruno on a desktop: every message arrives once,
// the ticks move from sent to delivered to read as the other side receives and reads, typing shows and
// clears, and what happens while a side is offline is caught up (sync) or sent (the outbox) once back.

describe.skipIf(!hasChromium)(`chat between two dancers${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;
  let ana: WebUser;
  let bruno: WebUser;
  let conversationId: string;
  let anaContext: BrowserContext;
  let brunoContext: BrowserContext;
  let anaPage: Page;
  let brunoPage: Page;
  let problems: PageProblems[];

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  beforeEach(async () => {
    ({ ana, bruno, conversationId } = await chatPair(web.baseUrl));
    anaContext = await newContext(browser, web.baseUrl, { viewport: PHONE });
    brunoContext = await newContext(browser, web.baseUrl, { viewport: DESKTOP });
    await Promise.all([signIn(anaContext, ana), signIn(brunoContext, bruno)]);
    [anaPage, brunoPage] = await Promise.all([anaContext.newPage(), brunoContext.newPage()]);
    problems = await Promise.all([watchPage(anaPage), watchPage(brunoPage)]);
  });
  afterEach(async () => {
    await anaContext?.close();
    await brunoContext?.close();
  });

  it('shows each message once on the other side, with ticks from sent to read, and typing', async () => {
    await gotoLive(anaPage, '/chat');
    await gotoLive(brunoPage, `/chat/${conversationId}`);

    await send(brunoPage, '¿Bailamos la próxima tanda?');
    // Ana's tab holds it (her list shows it) without having it open: delivered, not read.
    await expect
      .poll(
        () => anaPage.getByRole('link', { name: /Bruno Tanguero.*¿Bailamos la próxima tanda\?/ }).count(),
        {
          timeout: LIVE_MS,
        },
      )
      .toBe(1);
    await bubbles(brunoPage, '¿Bailamos la próxima tanda?')
      .getByText('Delivered')
      .waitFor({ timeout: LIVE_MS });

    await anaPage.getByRole('link', { name: /Bruno Tanguero/ }).click();
    await bubbles(anaPage, '¿Bailamos la próxima tanda?').waitFor();
    await bubbles(brunoPage, '¿Bailamos la próxima tanda?').getByText('Read').waitFor({ timeout: LIVE_MS });

    // Typing shows on the other side, and clears when the text is gone.
    await anaPage.getByRole('textbox', { name: 'Message' }).fill('Dale');
    await brunoPage.getByText('Ana Milonguera is typing…').waitFor({ timeout: LIVE_MS });
    await anaPage.getByRole('textbox', { name: 'Message' }).fill('');
    await brunoPage.getByText('Ana Milonguera is typing…').waitFor({ state: 'hidden', timeout: LIVE_MS });

    await send(anaPage, '¡Sí! Te espero en la pista.');
    await bubbles(brunoPage, '¡Sí! Te espero en la pista.').waitFor({ timeout: LIVE_MS });
    await bubbles(anaPage, '¡Sí! Te espero en la pista.').getByText('Read').waitFor({ timeout: LIVE_MS });
    expect(await texts(brunoPage)).toEqual(['¿Bailamos la próxima tanda?', '¡Sí! Te espero en la pista.']);
    expect(await texts(anaPage)).toEqual(['¿Bailamos la próxima tanda?', '¡Sí! Te espero en la pista.']);

    for (const page of [anaPage, brunoPage]) await expectAccessible(page);
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  });

  it('catches up after being offline: five messages sent meanwhile arrive in order, once', async () => {
    const socket = await gotoLive(anaPage, `/chat/${conversationId}`);
    await gotoLive(brunoPage, `/chat/${conversationId}`);
    await send(brunoPage, 'Uno antes');
    await bubbles(anaPage, 'Uno antes').waitFor({ timeout: LIVE_MS });

    await goOffline(anaContext, socket);
    const asBruno = apiAs(web.baseUrl, bruno);
    const five = ['primero', 'segundo', 'tercero', 'cuarto', 'quinto'];
    for (const text of five) await asBruno.sendMessage(conversationId, text);
    await anaContext.setOffline(false);

    await bubbles(anaPage, 'quinto').waitFor({ timeout: 45_000 });
    expect(await texts(anaPage)).toEqual(['Uno antes', ...five]);
  });

  it('sends a message written offline once the connection is back, once', async () => {
    const socket = await gotoLive(anaPage, `/chat/${conversationId}`);
    await gotoLive(brunoPage, `/chat/${conversationId}`);

    await goOffline(anaContext, socket);
    await send(anaPage, 'Escrito sin señal');
    await bubbles(anaPage, 'Escrito sin señal').getByText('Sending').waitFor();
    await anaContext.setOffline(false);

    await bubbles(brunoPage, 'Escrito sin señal').waitFor({ timeout: 45_000 });
    await bubbles(anaPage, 'Escrito sin señal').getByText('Read').waitFor({ timeout: LIVE_MS });
    expect(await texts(brunoPage)).toEqual(['Escrito sin señal']);
    expect(await texts(anaPage)).toEqual(['Escrito sin señal']);
  });

  it('shows an edit and a delete on the other side, live', async () => {
    await gotoLive(anaPage, `/chat/${conversationId}`);
    await gotoLive(brunoPage, `/chat/${conversationId}`);
    await send(brunoPage, 'Nos vemos a las diez');
    await bubbles(anaPage, 'Nos vemos a las diez').waitFor({ timeout: LIVE_MS });

    const mine = bubbles(brunoPage, 'Nos vemos a las diez');
    await mine.getByRole('button', { name: 'Message actions' }).click();
    await brunoPage.getByRole('menuitem', { name: 'Edit' }).click();
    await brunoPage.getByRole('textbox', { name: 'Edit the message' }).fill('Nos vemos a las once');
    await brunoPage.getByRole('button', { name: 'Save' }).click();
    await bubbles(anaPage, 'Nos vemos a las once').getByText('edited').waitFor({ timeout: LIVE_MS });

    await bubbles(brunoPage, 'Nos vemos a las once').getByRole('button', { name: 'Message actions' }).click();
    await brunoPage.getByRole('menuitem', { name: 'Delete' }).click();
    await bubbles(anaPage, 'Message deleted').waitFor({ timeout: LIVE_MS });
    expect(await texts(anaPage)).toEqual(['Message deleted']);
  });

  it('counts unread conversations in the navigation, and new messages in a hidden tab’s title', async () => {
    await gotoLive(anaPage, '/explore');
    await gotoLive(brunoPage, `/chat/${conversationId}`);
    // The tab goes to the background (headless Chromium keeps pages visible: the page is told so).
    await anaPage.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await send(brunoPage, 'Uno');
    await send(brunoPage, 'Dos');
    await anaPage.getByRole('link', { name: /^Chat\s?, 1 unread$/ }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => anaPage.title(), { timeout: LIVE_MS }).toMatch(/^\(2\) /);

    await anaPage.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => anaPage.title()).not.toMatch(/^\(\d+\) /);
    await anaPage.getByRole('link', { name: /^Chat\s?, 1 unread$/ }).click();
    await anaPage.getByRole('link', { name: /Bruno Tanguero/ }).click();
    await bubbles(anaPage, 'Dos').waitFor();
    await anaPage.getByRole('link', { name: /^Chat$/ }).waitFor({ timeout: LIVE_MS });
  });

  it('loads older messages as the dancer scrolls up, keeping the history whole and in order', async () => {
    const asBruno = apiAs(web.baseUrl, bruno);
    // More than a page (50); ten a second, within the send limit.
    const sent = Array.from({ length: 60 }, (_, i) => `Mensaje ${i + 1}`);
    for (const [i, text] of sent.entries()) {
      if (i > 0 && i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1_100));
      await asBruno.sendMessage(conversationId, text);
    }
    await gotoLive(anaPage, `/chat/${conversationId}`);
    await bubbles(anaPage, 'Mensaje 60').waitFor();
    expect(await bubbles(anaPage, 'Mensaje 1').count()).toBe(0);

    await anaPage.getByRole('log', { name: 'Messages' }).evaluate((el) => el.scrollTo({ top: 0 }));
    await bubbles(anaPage, 'Mensaje 1').waitFor({ timeout: LIVE_MS });
    expect(await texts(anaPage)).toEqual(sent);
  });

  it('opens the direct conversation from a profile’s Message button: the one they already have', async () => {
    await gotoLive(anaPage, `/u/${bruno.username}`);
    await anaPage.getByRole('button', { name: 'Message', exact: true }).click();
    await anaPage.waitForURL(`**/chat/${conversationId}`);
    await anaPage.getByRole('textbox', { name: 'Message' }).waitFor();
  });

  it('shows which friends are online in the list', async () => {
    const request = await apiAs(web.baseUrl, ana).friendRequest(bruno.username);
    await apiAs(web.baseUrl, bruno).acceptFriendRequest(request.id);
    await gotoLive(brunoPage, '/chat');
    await gotoLive(anaPage, '/chat');
    await anaPage.getByRole('link', { name: /Bruno Tanguero\s?, online/ }).waitFor({ timeout: LIVE_MS });

    await brunoContext.close();
    await anaPage
      .getByRole('link', { name: /Bruno Tanguero\s?, online/ })
      .waitFor({ state: 'detached', timeout: LIVE_MS });
  });
});
