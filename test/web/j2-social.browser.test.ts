import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/web/locales/en.ts';
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
  type PageProblems,
  type WebApp,
} from './harness.ts';
import { gotoLive, mark, stillMarked } from './live.ts';

// Journey 2, two dancers side by side: Ana (a phone) follows Bruno (a desktop) and asks to be friends
// with a "we danced" note; Bruno sees each notification arrive without reloading, accepts, and shares a
// memory; Ana comments, Bruno replies, Ana reacts; at last Bruno blocks Ana, and his profile and
// memories are gone for her. The steps run in order and share the two browser contexts.

/**
 * The notifications link of the navigation, as its name reads with `unread` unread ones. (The count is
 * a visually hidden span, positioned, so accessible-name engines may put a space before its comma.)
 */
const bell = (page: Page, unread: number) =>
  page.getByRole('link', {
    name: unread === 0 ? /^Notifications$/ : new RegExp(`^Notifications\\s?, ${unread} unread$`),
  });

describe.skipIf(!hasChromium)(`journey 2: two dancers meet${skipReason}`, () => {
  let web: WebApp;
  let browser: Browser;
  let ana: WebUser;
  let bruno: WebUser;
  let anaContext: BrowserContext;
  let brunoContext: BrowserContext;
  let anaPage: Page;
  let brunoPage: Page;
  let anaProblems: PageProblems;
  let brunoProblems: PageProblems;
  let memoryId: string;
  // After the block Ana's requests for Bruno's profile and memory are answered 404, as they should be.
  let blocked = false;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    [ana, bruno] = await Promise.all([
      createWebUser(web.baseUrl, { displayName: 'Ana Milonguera', city: 'Buenos Aires' }),
      createWebUser(web.baseUrl, { displayName: 'Bruno Tanguero', city: 'Montevideo' }),
    ]);
    [anaContext, brunoContext] = await Promise.all([
      newContext(browser, web.baseUrl, { viewport: PHONE }),
      newContext(browser, web.baseUrl, { viewport: DESKTOP }),
    ]);
    for (const context of [anaContext, brunoContext]) context.setDefaultTimeout(10_000);
    await Promise.all([signIn(anaContext, ana), signIn(brunoContext, bruno)]);
    [anaPage, brunoPage] = await Promise.all([anaContext.newPage(), brunoContext.newPage()]);
    anaProblems = await watchPage(anaPage, (status) => blocked && status === 404);
    brunoProblems = await watchPage(brunoPage);
  });
  afterAll(async () => {
    await anaContext?.close();
    await brunoContext?.close();
    await browser?.close();
    await web?.close();
  });

  it('Ana follows Bruno from his profile, and he is told live', async () => {
    await gotoLive(brunoPage, '/');
    await bell(brunoPage, 0).waitFor();
    await mark(brunoPage);

    await gotoLive(anaPage, `/u/${bruno.username}`);
    await anaPage.getByRole('heading', { level: 1, name: 'Bruno Tanguero' }).waitFor();
    await anaPage.getByRole('link', { name: '0 followers' }).waitFor();
    await expectAccessible(anaPage);
    await anaPage.getByRole('button', { name: 'Follow', exact: true }).click();
    await anaPage.getByRole('button', { name: 'Unfollow', exact: true }).waitFor();
    await anaPage.getByRole('link', { name: '1 follower' }).waitFor();

    await bell(brunoPage, 1).waitFor();
    expect(await stillMarked(brunoPage)).toBe(true);
  });

  it('Ana asks to be friends with a "we danced" note; Bruno sees it live and accepts', async () => {
    await anaPage.getByRole('button', { name: en.profile.addFriend }).click();
    const dialog = anaPage.getByRole('dialog', { name: 'Add Bruno Tanguero as a friend' });
    await dialog.getByRole('checkbox', { name: en.profile.danced }).check();
    await dialog.getByLabel(en.profile.where, { exact: true }).fill('La Viruta');
    await dialog.getByLabel(en.profile.when, { exact: true }).fill('2024-03-12');
    await dialog.getByLabel(en.profile.message).fill('Thank you for the Pugliese tanda!');
    await expectAccessible(anaPage);
    await dialog.getByRole('button', { name: en.profile.send }).click();
    await anaPage.getByRole('button', { name: en.profile.cancelRequest }).waitFor();
    await anaPage.getByText(en.profile.requestSent, { exact: true }).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    await bell(brunoPage, 2).waitFor();
    expect(await stillMarked(brunoPage)).toBe(true);
    await bell(brunoPage, 2).click();
    await brunoPage.getByRole('heading', { level: 1, name: en.notifications.title }).waitFor();
    await brunoPage.getByRole('link', { name: /Ana Milonguera started following you/ }).waitFor();
    await expectAccessible(brunoPage);
    await brunoPage.getByRole('link', { name: /Ana Milonguera sent you a friend request/ }).click();

    // The request waits on Ana's profile, with the note.
    await brunoPage.getByRole('heading', { level: 1, name: 'Ana Milonguera' }).waitFor();
    await brunoPage.getByText('Ana Milonguera wants to be friends').waitFor();
    await brunoPage.getByText('We danced at La Viruta on March 12, 2024').waitFor();
    await brunoPage.getByText('Thank you for the Pugliese tanda!').waitFor();
    await bell(brunoPage, 1).waitFor();
    await expectAccessible(brunoPage);
    await brunoPage.getByRole('button', { name: en.profile.accept, exact: true }).click();
    await brunoPage.getByText(en.profile.friendsBadge, { exact: true }).waitFor();

    // Ana's open profile of Bruno follows along.
    await anaPage.getByText(en.profile.friendsBadge, { exact: true }).waitFor();
    await anaPage.getByRole('link', { name: '1 friend' }).waitFor();
    await bell(anaPage, 1).waitFor();
  });

  it('Ana comments on a memory Bruno shares with friends, and Bruno replies', async () => {
    memoryId = (
      await apiAs(web.baseUrl, bruno).postMemory('Milonga de los miércoles: la pista llena hasta las 3.', {
        visibility: 'friends',
      })
    ).id;

    await gotoLive(anaPage, '/');
    const card = anaPage.getByRole('feed').getByRole('article', { name: 'Bruno Tanguero' });
    await card.getByText('Milonga de los miércoles').waitFor();
    await card.getByRole('link', { name: '0 comments' }).click();
    await anaPage.getByRole('heading', { level: 2, name: en.memory.comments }).waitFor();
    await anaPage.getByText(en.memory.noComments).waitFor();
    await anaPage
      .getByRole('textbox', { name: en.memory.addComment })
      .fill('¡Qué noche! Nos vemos el jueves.');
    await anaPage.getByRole('button', { name: 'Comment', exact: true }).click();
    const anaComment = anaPage.getByRole('article', { name: 'Ana Milonguera' });
    await anaComment.getByText('¡Qué noche! Nos vemos el jueves.').waitFor();
    await expectAccessible(anaPage);

    await bell(brunoPage, 2).waitFor();
    await gotoLive(brunoPage, `/m/${memoryId}`);
    await brunoPage.getByRole('button', { name: 'Reply to Ana Milonguera' }).click();
    await brunoPage
      .getByRole('textbox', { name: 'Your reply to Ana Milonguera' })
      .fill('¡El jueves, seguro!');
    await brunoPage.getByRole('button', { name: en.memory.reply, exact: true }).click();
    await brunoPage
      .getByRole('article', { name: 'Bruno Tanguero' })
      .getByText('¡El jueves, seguro!')
      .waitFor();
    await expectAccessible(brunoPage);

    // Ana's page shows the reply without a reload, and she is told.
    await anaComment.getByRole('button', { name: 'View 1 reply' }).click();
    await anaComment.getByText('¡El jueves, seguro!').waitFor();
    await bell(anaPage, 2).waitFor();
  });

  it('Ana reacts with an abrazo, and Bruno is told live', async () => {
    await brunoPage.getByRole('button', { name: 'React · 0 reactions' }).waitFor();
    await mark(brunoPage);

    await anaPage.getByRole('button', { name: 'React · 0 reactions' }).click();
    const kinds = anaPage.getByRole('group', { name: en.feed.reactionsGroup });
    expect(await kinds.getByRole('button').count()).toBe(6);
    await kinds.getByRole('button', { name: 'Abrazo, 0' }).click();
    await anaPage.getByRole('button', { name: 'React · 1 reaction' }).waitFor();

    await bell(brunoPage, 3).waitFor();
    await brunoPage.getByRole('button', { name: 'React · 1 reaction' }).waitFor();
    expect(await stillMarked(brunoPage)).toBe(true);
    await bell(brunoPage, 3).click();
    await brunoPage
      .getByRole('link', { name: /Ana Milonguera reacted with “Abrazo” to your memory/ })
      .waitFor();
    await brunoPage.getByRole('link', { name: /Ana Milonguera commented on your memory/ }).waitFor();
    await expectAccessible(brunoPage);
  });

  it('Bruno blocks Ana, and his profile and memories are gone for her', async () => {
    await brunoPage.goto(`/u/${ana.username}`);
    await brunoPage.getByRole('button', { name: 'More actions for Ana Milonguera' }).click();
    await brunoPage.getByRole('menuitem', { name: en.profile.block }).click();
    const confirm = brunoPage.getByRole('dialog', { name: 'Block Ana Milonguera?' });
    await confirm.getByRole('button', { name: en.profile.blockConfirm, exact: true }).click();
    await brunoPage.getByRole('heading', { level: 1, name: 'You blocked Ana Milonguera' }).waitFor();
    await brunoPage.getByRole('button', { name: en.profile.unblock }).waitFor();
    await expectAccessible(brunoPage);

    blocked = true;
    await anaPage.reload();
    await anaPage.getByRole('heading', { level: 1, name: en.memory.notFoundTitle }).waitFor();
    expect(await anaPage.getByText('Milonga de los miércoles').count()).toBe(0);
    await expectAccessible(anaPage);

    await anaPage.goto(`/u/${bruno.username}`);
    await anaPage.getByRole('heading', { level: 1, name: en.profile.notFoundTitle }).waitFor();
    expect(await anaPage.getByText('Bruno Tanguero').count()).toBe(0);
    expect(await anaPage.getByRole('button', { name: 'Follow', exact: true }).count()).toBe(0);
    await expectAccessible(anaPage);

    // The follows ended with the block: Ana's home is quiet again, and Bruno's doings left her list.
    await anaPage.goto('/');
    await anaPage.getByText(en.feed.emptyHome.title).waitFor();
    await bell(anaPage, 0).waitFor();
  });

  it('met no console error, failed request or server error on the way', () => {
    expect(anaProblems.list).toEqual([]);
    expect(brunoProblems.list).toEqual([]);
  });
});
