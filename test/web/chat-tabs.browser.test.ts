import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, chatPair, signIn, type WebUser } from './accounts.ts';
import {
  DESKTOP,
  hasChromium,
  launchBrowser,
  newContext,
  skipReason,
  startWebApp,
  watchPage,
  type PageProblems,
  type WebApp,
} from './harness.ts';
import { bubbles, gotoLive, LIVE_MS, send, texts } from './live.ts';

// Two tabs of the same dancer (one browser context: one cookie jar, one session refreshed for both):
// what she does in one shows in the other, live and once; what her partner sends shows in both; reading
// in one clears the unread counts in the other.

describe.skipIf(!hasChromium)(`chat in two tabs of the same dancer${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;
  let ana: WebUser;
  let bruno: WebUser;
  let conversationId: string;
  let anaContext: BrowserContext;
  let first: Page;
  let second: Page;
  let problems: PageProblems[];

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    ({ ana, bruno, conversationId } = await chatPair(web.baseUrl));
    anaContext = await newContext(browser, web.baseUrl, { viewport: DESKTOP });
    await signIn(anaContext, ana);
    [first, second] = [await anaContext.newPage(), await anaContext.newPage()];
    problems = await Promise.all([watchPage(first), watchPage(second)]);
  });
  afterAll(async () => {
    await anaContext?.close();
    await browser?.close();
    await web?.close();
  });

  it('keeps both tabs consistent: messages, reads, edits and deletes', async () => {
    await gotoLive(first, `/chat/${conversationId}`);
    await gotoLive(second, '/chat');
    // The second tab shows the list (the conversation, still empty) before anything is sent.
    await second.getByRole('link', { name: /Bruno Tanguero/ }).waitFor({ timeout: LIVE_MS });
    const asBruno = apiAs(web.baseUrl, bruno);

    // A message from Bruno: open in the first tab (so read there), unread nowhere once it is.
    await asBruno.sendMessage(conversationId, '¿Vamos a La Viruta?');
    await bubbles(first, '¿Vamos a La Viruta?').waitFor({ timeout: LIVE_MS });
    await second
      .getByRole('link', { name: /Bruno Tanguero.*¿Vamos a La Viruta\?/ })
      .waitFor({ timeout: LIVE_MS });
    await second.getByRole('link', { name: /^Chat$/ }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => second.getByText(/unread message/).count(), { timeout: LIVE_MS }).toBe(0);

    // Ana answers from the first tab; the second, opened on the conversation, shows it once as hers.
    await second.getByRole('link', { name: /Bruno Tanguero/ }).click();
    await bubbles(second, '¿Vamos a La Viruta?').waitFor();
    await send(first, 'Dale, a las doce');
    await bubbles(second, 'Dale, a las doce')
      .getByText(/Sent|Delivered|Read/)
      .waitFor({ timeout: LIVE_MS });
    await expect
      .poll(() => texts(second), { timeout: LIVE_MS })
      .toEqual(['¿Vamos a La Viruta?', 'Dale, a las doce']);

    // Edited in the second tab, seen in the first; deleted in the first, seen in the second.
    const mine = bubbles(second, 'Dale, a las doce');
    await mine.getByRole('button', { name: 'Message actions' }).click();
    await second.getByRole('menuitem', { name: 'Edit' }).click();
    await second.getByRole('textbox', { name: 'Edit the message' }).fill('Dale, a la una');
    await second.getByRole('button', { name: 'Save' }).click();
    await bubbles(first, 'Dale, a la una').getByText('edited').waitFor({ timeout: LIVE_MS });

    await bubbles(first, 'Dale, a la una').getByRole('button', { name: 'Message actions' }).click();
    await first.getByRole('menuitem', { name: 'Delete' }).click();
    await bubbles(second, 'Message deleted').waitFor({ timeout: LIVE_MS });

    await expect
      .poll(() => texts(first), { timeout: LIVE_MS })
      .toEqual(['¿Vamos a La Viruta?', 'Message deleted']);
    expect(await texts(second)).toEqual(['¿Vamos a La Viruta?', 'Message deleted']);
    expect(await bubbles(first, '¿Vamos a La Viruta?').count()).toBe(1);
    expect(await bubbles(second, '¿Vamos a La Viruta?').count()).toBe(1);
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  });

  it('counts a message unread in both tabs until it is read in one of them', async () => {
    await gotoLive(first, '/explore');
    await gotoLive(second, '/bookmarks');
    await apiAs(web.baseUrl, bruno).sendMessage(conversationId, 'Te espero en la puerta');
    for (const tab of [first, second]) {
      await tab.getByRole('link', { name: /^Chat\s?, 1 unread$/ }).waitFor({ timeout: LIVE_MS });
    }
    await first.getByRole('link', { name: /^Chat\s?, 1 unread$/ }).click();
    await first.getByRole('link', { name: /Bruno Tanguero/ }).click();
    await bubbles(first, 'Te espero en la puerta').waitFor();
    await second.getByRole('link', { name: /^Chat$/ }).waitFor({ timeout: LIVE_MS });
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  });
});
