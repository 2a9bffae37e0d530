import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/web/locales/en.ts';
import { createWebUser, signIn, type WebUser } from './accounts.ts';
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
import { bubbles, gotoLive, LIVE_MS } from './live.ts';

// A private group on a 360 px phone, from both sides: Olga starts it, Pablo finds it in the directory,
// sees nothing inside and asks to join; Olga approves him from the Requests tab; Pablo then reads the
// group and shares a memory there, which Olga sees in the group and never in the public feed; both open
// the group's chat from the group page, and what Pablo writes there reaches Olga live.

describe.skipIf(!hasChromium)(`groups in the browser${skipReason}`, () => {
  const name = `Práctica ${randomBytes(3).toString('hex')}`;
  let web: WebApp;
  let browser: Browser;
  let olga: WebUser;
  let pablo: WebUser;
  let olgaContext: BrowserContext;
  let pabloContext: BrowserContext;
  let owner: Page;
  let dancer: Page;
  let problems: PageProblems[];
  let groupUrl = '';

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    [olga, pablo] = await Promise.all([
      createWebUser(web.baseUrl, { displayName: 'Olga Organiza' }),
      createWebUser(web.baseUrl, { displayName: 'Pablo Pregunta' }),
    ]);
    olgaContext = await newContext(browser, web.baseUrl, { viewport: PHONE });
    pabloContext = await newContext(browser, web.baseUrl, { viewport: PHONE });
    for (const c of [olgaContext, pabloContext]) c.setDefaultTimeout(10_000);
    await Promise.all([signIn(olgaContext, olga), signIn(pabloContext, pablo)]);
    [owner, dancer] = [await olgaContext.newPage(), await pabloContext.newPage()];
    problems = await Promise.all([watchPage(owner), watchPage(dancer)]);
  });
  afterAll(async () => {
    await olgaContext?.close();
    await pabloContext?.close();
    await browser?.close();
    await web?.close();
  });

  it('starts a private group from the directory; its founder owns it', async () => {
    await owner.goto('/groups');
    await owner.getByRole('link', { name: en.groups.start }).click();
    await owner.getByRole('textbox', { name: en.groups.form.name }).fill(name);
    await owner.getByRole('textbox', { name: en.groups.form.description }).fill('Los martes en el barrio');
    await owner.getByRole('radio', { name: en.groups.form.private }).check();
    await owner.getByRole('button', { name: en.groups.form.create }).click();
    await owner.getByRole('heading', { level: 1, name }).waitFor();
    groupUrl = new URL(owner.url()).pathname;
    expect(groupUrl).toMatch(/^\/groups\/[0-9a-f-]{36}$/);
    await owner.getByText(en.groups.youOwn).waitFor();
    await owner.getByText(en.groups.privateGroup).waitFor();
    await expectAccessible(owner, { noOverflow: true });
  });

  it('shows an outsider the group but not its inside, and takes a request to join', async () => {
    await dancer.goto('/groups');
    await dancer.getByRole('searchbox', { name: en.groups.search }).fill(name.slice(0, 8).toLowerCase());
    await dancer.getByRole('link', { name: new RegExp(name) }).click();
    await dancer.getByRole('heading', { level: 1, name }).waitFor();
    await dancer.getByText(en.groups.privateTitle).waitFor();
    expect(await dancer.getByRole('tab').count()).toBe(0);
    await dancer.getByRole('button', { name: en.groups.askToJoin }).click();
    await dancer.getByText(en.groups.requested).waitFor();
    await dancer.getByRole('button', { name: en.groups.withdraw }).waitFor();
    await expectAccessible(dancer, { noOverflow: true });
  });

  it('lets the owner approve the request from the Requests tab', async () => {
    await owner.reload();
    await owner.getByRole('tab', { name: en.groups.tabRequests }).click();
    await owner.getByRole('button', { name: `Approve ${pablo.displayName}` }).click();
    await owner.getByText(en.groups.emptyRequests).waitFor();
    await owner.getByRole('tab', { name: en.groups.tabMembers }).click();
    await owner.getByRole('tabpanel').getByText(pablo.displayName).waitFor();
    await owner.getByText('2 members').waitFor();
  });

  it('lets the new member share a memory in the group, seen there and not in the public feed', async () => {
    await dancer.reload();
    await dancer.getByRole('button', { name: en.groups.leave }).waitFor();
    const text = `Gracias por la práctica ${randomBytes(2).toString('hex')}`;
    await dancer.getByRole('textbox', { name: en.feed.composer.label }).fill(text);
    await dancer.getByText(en.feed.composer.inGroup.replace('{{group}}', name)).waitFor();
    await dancer.getByRole('button', { name: en.feed.composer.post }).click();
    await dancer.getByRole('tabpanel').getByText(text).waitFor();

    await owner.goto(groupUrl);
    await owner.getByRole('tabpanel').getByText(text).waitFor();
    await owner
      .getByRole('link', { name: en.feed.inGroup.replace('{{group}}', name) })
      .first()
      .waitFor();
    await expectAccessible(owner, { noOverflow: true });

    await owner.goto('/explore');
    await owner.getByRole('heading', { level: 1 }).waitFor();
    await settle(owner);
    expect(await owner.getByText(text).count()).toBe(0);
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  });

  it("opens the group's chat from the group page, where a member's message reaches the other live", async () => {
    for (const page of [owner, dancer]) {
      await gotoLive(page, groupUrl);
      await page.getByRole('link', { name: en.groups.chat }).click();
      await page.getByRole('heading', { level: 2, name }).waitFor();
    }
    const text = `¿Quién trae la música? ${randomBytes(2).toString('hex')}`;
    const box = dancer.getByRole('textbox', { name: en.chat.message });
    await box.fill(text);
    await box.press('Enter');
    await bubbles(owner, text).waitFor({ timeout: LIVE_MS });
    await owner.getByRole('button', { name: '2 members' }).click();
    const panel = owner.getByRole('dialog', { name: en.chat.membersTitle });
    await panel.getByRole('link', { name: en.chat.openGroup }).waitFor();
    expect(await panel.getByRole('button', { name: en.chat.leave }).count()).toBe(0);
    await expectAccessible(owner);
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  });
});
