import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, chatPair, signIn } from './accounts.ts';
import {
  DESKTOP,
  PHONE,
  hasChromium,
  launchBrowser,
  newContext,
  skipReason,
  startWebServer,
  watchPage,
  type PageProblems,
  type WebServer,
} from './harness.ts';
import { bubbles, gotoLive, log, LIVE_MS, mark, nextConnect, send, stillMarked, texts } from './live.ts';

// The server is restarted in the middle of a conversation (the real process, stopped with SIGTERM and
// started again on the same port and data dir): both pages reconnect by themselves, without a reload,
// a message written while it was down is sent once it is back, and nothing is lost or shown twice.

describe.skipIf(!hasChromium)(`chat across a server restart${skipReason}`, () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  it('reconnects both sides by themselves and loses nothing', async () => {
    const base = server.baseUrl;
    const { ana, bruno, conversationId } = await chatPair(base);
    const asBruno = apiAs(base, bruno);
    const anaContext = await newContext(browser, base, { viewport: PHONE });
    const brunoContext = await newContext(browser, base, { viewport: DESKTOP });
    contexts.push(anaContext, brunoContext);
    await Promise.all([signIn(anaContext, ana), signIn(brunoContext, bruno)]);
    const [anaPage, brunoPage] = await Promise.all([anaContext.newPage(), brunoContext.newPage()]);
    const pages = [anaPage, brunoPage];
    const problems: PageProblems[] = await Promise.all(pages.map((page) => watchPage(page)));
    const chat = `/chat/${conversationId}`;
    const sockets = [await gotoLive(anaPage, chat), await gotoLive(brunoPage, chat)];
    for (const page of pages) await mark(page);

    await send(brunoPage, '¿Bailamos la próxima?');
    await bubbles(anaPage, '¿Bailamos la próxima?').waitFor({ timeout: LIVE_MS });
    await send(anaPage, 'Dale, ya voy');
    await bubbles(anaPage, 'Dale, ya voy').getByText('Read').waitFor({ timeout: LIVE_MS });
    expect(problems.flatMap((p) => p.list)).toEqual([]);

    // Down: both sockets are closed by the shutdown, and what Ana writes waits in her outbox.
    const closed = sockets.map((ws) => ws.waitForEvent('close', { timeout: LIVE_MS }));
    expect(await server.stop(), server.stderr()).toEqual({ code: 0, signal: null });
    await Promise.all(closed);
    await send(anaPage, 'Escrito con el servidor caído');
    await bubbles(anaPage, 'Escrito con el servidor caído').getByText('Sending').waitFor();

    // Back on the same port and data dir: Bruno writes through the API at once, the pages reconnect.
    const back = pages.map((page) => nextConnect(page));
    await server.start();
    await asBruno.sendMessage(conversationId, 'Volvió la música');
    await Promise.all(back);
    const whileDown = problems.map((p) => p.list.splice(0));

    await bubbles(brunoPage, 'Escrito con el servidor caído').waitFor({ timeout: LIVE_MS });
    await bubbles(anaPage, 'Volvió la música').waitFor({ timeout: LIVE_MS });
    await bubbles(anaPage, 'Escrito con el servidor caído').getByText('Read').waitFor({ timeout: LIVE_MS });
    // And live again, both ways.
    await send(brunoPage, 'Esta tanda es de Di Sarli');
    await bubbles(anaPage, 'Esta tanda es de Di Sarli').waitFor({ timeout: LIVE_MS });
    await bubbles(brunoPage, 'Esta tanda es de Di Sarli').getByText('Read').waitFor({ timeout: LIVE_MS });

    // Every message once, in the server's order (the outbox and the API race after the restart).
    const stored = (await asBruno.messages(conversationId)).map((m) => m.body);
    expect([...stored].sort()).toEqual(
      [
        '¿Bailamos la próxima?',
        'Dale, ya voy',
        'Escrito con el servidor caído',
        'Volvió la música',
        'Esta tanda es de Di Sarli',
      ].sort(),
    );
    expect(stored.slice(0, 2)).toEqual(['¿Bailamos la próxima?', 'Dale, ya voy']);
    expect(stored.at(-1)).toBe('Esta tanda es de Di Sarli');
    for (const page of pages) {
      expect(await texts(page), page.url()).toEqual(stored);
      for (const text of stored) expect(await bubbles(page, text).count(), text).toBe(1);
      expect(await log(page).getByText('Sending').count()).toBe(0);
      expect(await stillMarked(page)).toBe(true);
    }

    // The only problems: what the pages asked of this server while it was down (the socket's tries, a
    // query refetched meanwhile), refused, or reset when it was in flight as the server stopped.
    const port = new URL(base).port;
    const refused = (line: string) =>
      line.includes(`127.0.0.1:${port}/`) &&
      (line.includes('net::ERR_CONNECTION_REFUSED') || line.includes('net::ERR_CONNECTION_RESET'));
    expect(whileDown.map((lines) => lines.filter((line) => !refused(line)))).toEqual([[], []]);
    expect(problems.flatMap((p) => p.list)).toEqual([]);
  }, 180_000);
});
