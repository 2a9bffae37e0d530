import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResult, Me } from '../../src/contract/auth.ts';
import { en } from '../../src/web/locales/en.ts';
import { es } from '../../src/web/locales/es.ts';
import { createWebUser, signIn, type WebUser } from './accounts.ts';
import { expectAccessible } from './axe.ts';
import {
  hasChromium,
  launchBrowser,
  newContext,
  skipReason,
  startWebApp,
  watchPage,
  type PageProblems,
  type WebApp,
} from './harness.ts';

// Journey 3, one dancer's account from /settings on her phone while she is also signed in on a laptop
// (a second context, with a Firefox-on-Windows user agent so its session is told apart): she signs the
// laptop out, changes her password, switches to Spanish, signs out everywhere and logs in again, still
// in Spanish. The steps run in order and share the two contexts.

const LAPTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const NEW_PASSWORD = 'tres-tangos-de-pugliese-al-amanecer';

/** POST /api/v1/auth/login as a non-browser client: the status, and the result when it worked. */
async function apiLogin(baseUrl: string, login: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password, refreshIn: 'body' }),
  });
  const result = res.ok ? ((await res.json()) as { data: AuthResult }).data : undefined;
  return { status: res.status, result };
}

const pathOf = (page: Page) => new URL(page.url()).pathname;
const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe.skipIf(!hasChromium)(`journey 3: a dancer's settings${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;
  let dancer: WebUser;
  let phone: BrowserContext;
  let laptop: BrowserContext;
  let page: Page;
  let laptopPage: Page;
  let problems: PageProblems;
  let laptopProblems: PageProblems;
  let apiRefreshToken: string;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    dancer = await createWebUser(web.baseUrl, { displayName: 'Carmen Porteña' });
    [phone, laptop] = await Promise.all([
      newContext(browser, web.baseUrl),
      newContext(browser, web.baseUrl, { userAgent: LAPTOP_UA }),
    ]);
    for (const context of [phone, laptop]) context.setDefaultTimeout(10_000);
    await signIn(phone, dancer);
    await signIn(laptop, dancer);
    [page, laptopPage] = await Promise.all([phone.newPage(), laptop.newPage()]);
    // A signed-out session's refresh is answered 401 once per page load: expected where it happens.
    const refreshRefused = (status: number, url: string) =>
      status === 401 && url.endsWith('/api/v1/auth/refresh');
    problems = await watchPage(page, refreshRefused);
    laptopProblems = await watchPage(laptopPage, refreshRefused);
  });
  afterAll(async () => {
    await phone?.close();
    await laptop?.close();
    await browser?.close();
    await web?.close();
  });

  it('lists the laptop among the sessions, and signing it out sends it to the login page', async () => {
    await laptopPage.goto('/settings');
    await laptopPage.getByRole('heading', { level: 1, name: en.settings.title }).waitFor();

    await page.goto('/settings');
    await page.getByRole('heading', { level: 1, name: en.settings.title }).waitFor();
    const sessions = page.getByRole('region', { name: en.settings.sessions.title });
    await sessions.getByText(en.settings.sessions.thisDevice).waitFor();
    const revoke = sessions.getByRole('button', { name: 'Sign out Firefox on Windows' });
    await revoke.waitFor();
    await expectAccessible(page);
    await revoke.click();
    await sessions.getByRole('status').getByText('Firefox on Windows is signed out.').waitFor();
    expect(await revoke.count()).toBe(0);

    await laptopPage.reload();
    await laptopPage.getByRole('heading', { level: 1, name: en.auth.logInTitle }).waitFor();
    expect(pathOf(laptopPage)).toBe('/login');
    expect(new URL(laptopPage.url()).searchParams.get('next')).toBe('/settings');
    await expectAccessible(laptopPage);
  });

  it('changes the password: the new one logs in, the old one no longer does', async () => {
    const form = page.getByRole('form', { name: en.settings.password.title });
    await form.getByLabel(en.settings.password.current).fill(dancer.password);
    await form.getByLabel(en.settings.password.new, { exact: true }).fill(NEW_PASSWORD);
    await form.getByRole('button', { name: en.settings.password.submit }).click();
    await form.getByRole('status').getByText(en.settings.password.saved).waitFor();
    expect(await form.getByLabel(en.settings.password.current).inputValue()).toBe('');

    expect((await apiLogin(web.baseUrl, dancer.username, dancer.password)).status).toBe(401);
    const fresh = await apiLogin(web.baseUrl, dancer.username, NEW_PASSWORD);
    expect(fresh.status).toBe(200);
    apiRefreshToken = fresh.result?.refreshToken ?? '';
    expect(apiRefreshToken).not.toBe('');

    // This device stays signed in.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: en.settings.title }).waitFor();
  });

  it('switches to Español, and the choice outlives a reload', async () => {
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH',
    );
    const spanish = page.getByRole('radio', { name: 'Español' });
    expect(
      await page.getByRole('group', { name: en.settings.language.legend }).getByRole('radio').count(),
    ).toBe(2);
    // click, not check: the radio's group is renamed ("Idioma") as the page turns Spanish.
    await spanish.click();
    await page.getByRole('heading', { level: 1, name: es.settings.title }).waitFor();
    expect(await htmlLang(page)).toBe('es');
    expect(await spanish.isChecked()).toBe(true);
    expect((await saved).status()).toBe(200);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: es.settings.title }).waitFor();
    expect(await htmlLang(page)).toBe('es');
    expect(await spanish.isChecked()).toBe(true);
    await expectAccessible(page);
  });

  it('signs out everywhere, and a new sign-in is still in Spanish', async () => {
    const sessions = page.getByRole('region', { name: es.settings.sessions.title });
    await sessions.getByRole('button', { name: es.settings.sessions.everywhere }).click();
    const confirm = page.getByRole('dialog', { name: es.settings.sessions.everywhereTitle });
    await confirm.getByRole('button', { name: es.settings.sessions.everywhereConfirm }).click();
    await page.getByRole('heading', { level: 1, name: es.auth.logInTitle }).waitFor();
    expect(pathOf(page)).toBe('/login');

    // Every session ended, the one the API client holds too; a reload stays signed out.
    const refreshed = await fetch(`${web.baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: apiRefreshToken }),
    });
    expect(refreshed.status).toBe(401);
    await page.goto('/settings');
    await page.getByRole('heading', { level: 1, name: es.auth.logInTitle }).waitFor();
    expect(await htmlLang(page)).toBe('es');
    await expectAccessible(page);

    await page.getByLabel(es.auth.login).fill(dancer.email);
    await page.getByLabel(es.auth.password, { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: es.auth.logIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: es.settings.title }).waitFor();
    expect(pathOf(page)).toBe('/settings');
    expect(await htmlLang(page)).toBe('es');
    await page
      .getByRole('navigation', { name: es.nav.main })
      .getByRole('link', { name: es.nav.home })
      .waitFor();

    // The account keeps the language too (the emails come in it).
    const login = await apiLogin(web.baseUrl, dancer.username, NEW_PASSWORD);
    const account = await fetch(`${web.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${login.result?.accessToken ?? ''}` },
    });
    expect(((await account.json()) as { data: Me }).data.locale).toBe('es');
  });

  it('met no console error, failed request or server error on the way', () => {
    expect(problems.list).toEqual([]);
    expect(laptopProblems.list).toEqual([]);
  });
});
