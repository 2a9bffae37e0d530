import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/web/locales/en.ts';
import { WEB_PASSWORD } from './accounts.ts';
import { expectAccessible } from './axe.ts';
import {
  hasChromium,
  launchBrowser,
  newContext,
  skipReason,
  startWebApp,
  watchPage,
  type WebApp,
} from './harness.ts';

// Journey 1, a newcomer on a phone: signs up through the form, fills in the onboarding step, meets the
// guidance of an empty home, shares a first memory and finds it in the feed, also after a reload.

describe.skipIf(!hasChromium)(`journey 1: a newcomer${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('signs up, onboards, meets an empty home and shares a first memory', { timeout: 60_000 }, async () => {
    const username = `newcomer_${randomBytes(4).toString('hex')}`;
    const context = await newContext(browser, web.baseUrl);
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      const problems = await watchPage(page);

      // Sign up, in the browser.
      await page.goto('/signup');
      await page.getByRole('heading', { name: en.auth.signUpTitle }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Email', { exact: true }).fill(`${username}@example.test`);
      await page.getByLabel('Username', { exact: true }).fill(username);
      await page.getByLabel('Password', { exact: true }).fill(WEB_PASSWORD);
      await page.getByLabel('Display name', { exact: true }).fill('Lucía Novata');
      await page.getByRole('button', { name: 'Sign up' }).click();

      // Onboarding: the profile worth visiting.
      await page.getByRole('heading', { name: 'Welcome, Lucía Novata' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/welcome');
      await expectAccessible(page);
      await page.getByLabel('Display name', { exact: true }).fill('Lucía Milonguera');
      await page.getByLabel(en.dancer.city, { exact: true }).fill('Rosario');
      await page.getByLabel(en.dancer.country, { exact: true }).fill('ar');
      await page.getByLabel(en.dancer.bio).fill('Dancing since the winter festival. Di Sarli forever.');
      const roles = page.getByRole('group', { name: en.dancer.roles });
      await roles.getByRole('checkbox', { name: en.dancer.role.dancer }).check();
      await roles.getByRole('checkbox', { name: en.dancer.role.dj }).check();
      await page.getByRole('radio', { name: en.dancer.danceAsOption.both }).check();
      await page.getByLabel(en.dancer.leaderLevel).selectOption({ label: '1 · Beginner' });
      await page.getByLabel(en.dancer.followerLevel).selectOption({ label: '3 · Advanced' });
      const languages = page.getByRole('group', { name: en.dancer.languages });
      await languages.getByRole('checkbox', { name: 'Spanish' }).check();
      expect(await languages.getByRole('checkbox', { name: 'English' }).isChecked()).toBe(true);
      await page.getByRole('button', { name: en.onboarding.save }).click();

      // The empty home: guidance for a newcomer, and a way to the composer.
      const composer = page.getByRole('textbox', { name: 'Share a memory' });
      await composer.waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      await page.getByText(en.feed.emptyHome.title).waitFor();
      await page.getByText(en.feed.emptyHome.body).waitFor();
      await page.getByRole('link', { name: en.feed.emptyHome.explore }).waitFor();
      await page.getByRole('button', { name: en.feed.emptyHome.first }).click();
      expect(await composer.evaluate((el) => el === document.activeElement)).toBe(true);
      await expectAccessible(page);

      // The first memory, in the feed at once and after a reload.
      const text = 'My first milonga at El Beso: three tandas, and a cortina I will never forget. #milonga';
      await composer.fill(text);
      await page.getByRole('button', { name: 'Post' }).click();
      const feed = page.getByRole('feed', { name: en.feed.memories });
      const mine = feed.getByRole('article', { name: 'Lucía Milonguera' });
      await mine.getByText(text).waitFor();
      expect(await composer.inputValue()).toBe('');
      expect(await page.getByText(en.feed.emptyHome.title).count()).toBe(0);
      await page.reload();
      await mine.getByText(text).waitFor();
      expect(await feed.getByRole('article').count()).toBe(1);
      await expectAccessible(page);

      // The profile shows what onboarding asked.
      await page.goto(`/u/${username}`);
      await page.getByRole('heading', { level: 1, name: 'Lucía Milonguera' }).waitFor();
      await page.getByText('Dancing since the winter festival. Di Sarli forever.').waitFor();
      const about = page.getByRole('list', { name: en.profile.details });
      await about.getByText('Rosario').waitFor();
      await about.getByText('Leader: Beginner').waitFor();
      await about.getByText('Follower: Advanced').waitFor();
      const roleList = page.getByRole('list', { name: en.profile.roles });
      expect(await roleList.getByRole('listitem').allTextContents()).toEqual(['Dancer', 'DJ']);
      await page.getByRole('feed').getByText(text).waitFor();
      await expectAccessible(page);

      expect(problems.list).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
