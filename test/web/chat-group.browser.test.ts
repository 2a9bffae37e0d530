import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createWebUser, signIn, type WebUser } from './accounts.ts';
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
  type WebApp,
} from './harness.ts';
import { bubbles, gotoLive, LIVE_MS } from './live.ts';

// A group of three in three browser contexts: "read by" counts the members who read a message (and
// names them on demand), and a member the admin removes stops receiving the group's messages.

describe.skipIf(!hasChromium)(`a group chat of three${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await web?.close();
  });

  async function open(user: WebUser, path: string, viewport = PHONE): Promise<Page> {
    const context = await newContext(browser, web.baseUrl, { viewport });
    contexts.push(context);
    await signIn(context, user);
    const page = await context.newPage();
    await gotoLive(page, path);
    return page;
  }

  it('counts who read a message, and a removed member stops receiving', async () => {
    const [ana, bruno, carla] = await Promise.all([
      createWebUser(web.baseUrl, { displayName: 'Ana Milonguera' }),
      createWebUser(web.baseUrl, { displayName: 'Bruno Tanguero' }),
      createWebUser(web.baseUrl, { displayName: 'Carla Bailarina' }),
    ]);
    // Bruno and Carla take messages from the people they follow (the default setting).
    await apiAs(web.baseUrl, bruno).follow(ana.username);
    await apiAs(web.baseUrl, carla).follow(ana.username);
    const { id } = await apiAs(web.baseUrl, ana).openGroup('Práctica del viernes', [bruno.id, carla.id]);

    const anaPage = await open(ana, `/chat/${id}`, DESKTOP);
    const problems = await watchPage(anaPage);
    const brunoPage = await open(bruno, `/chat/${id}`);
    const carlaPage = await open(carla, `/chat/${id}`);

    const box = anaPage.getByRole('textbox', { name: 'Message' });
    await box.fill('¿Quién viene el viernes?');
    await box.press('Enter');
    await bubbles(brunoPage, '¿Quién viene el viernes?').waitFor({ timeout: LIVE_MS });
    await bubbles(carlaPage, '¿Quién viene el viernes?').waitFor({ timeout: LIVE_MS });
    // Both have it on screen: read by 2, and who on demand.
    const readBy = bubbles(anaPage, '¿Quién viene el viernes?').getByText('Read by 2');
    await readBy.waitFor({ timeout: LIVE_MS });
    await readBy.click();
    const readers = bubbles(anaPage, '¿Quién viene el viernes?').getByRole('listitem');
    expect((await readers.allTextContents()).sort()).toEqual(['Bruno Tanguero', 'Carla Bailarina']);

    await anaPage.getByRole('button', { name: '3 members' }).click();
    const panel = anaPage.getByRole('dialog', { name: 'Members' });
    await panel.getByRole('button', { name: 'Remove Carla Bailarina' }).click();
    await panel.getByRole('button', { name: 'Remove Carla Bailarina' }).waitFor({ state: 'detached' });
    await expect.poll(() => anaPage.getByRole('button', { name: '2 members' }).count()).toBe(1);
    await expectAccessible(anaPage);
    await panel.getByRole('button', { name: 'Close' }).click();

    await box.fill('Solo para Bruno y Ana');
    await box.press('Enter');
    await bubbles(brunoPage, 'Solo para Bruno y Ana').waitFor({ timeout: LIVE_MS });
    // Bruno holds it, so it went out; Carla, no longer a member, was not sent it.
    await bubbles(anaPage, 'Solo para Bruno y Ana').getByText('Read').waitFor({ timeout: LIVE_MS });
    expect(await bubbles(carlaPage, 'Solo para Bruno y Ana').count()).toBe(0);
    expect(problems.list).toEqual([]);
  });
});
