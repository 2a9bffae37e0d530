import type { BrowserContext, Locator, Page, WebSocket } from 'playwright-core';

// What the tests of live pages share: waiting for a page's socket, taking a context off the network,
// the chat's messages as a reader sees them, and a mark that tells a page was never reloaded.

/** How long something pushed over the socket may take to show. */
export const LIVE_MS = 15_000;
/** The socket reopens after 1–3 s, then backs off (up to 30 s between tries) while the server is down. */
export const BACK_MS = 60_000;

/** Resolves with the first of the page's sockets opened from now on to connect (its "40" CONNECT frame). */
export function nextConnect(page: Page): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${page.url()}: no socket back`)), BACK_MS);
    const onSocket = (ws: WebSocket) =>
      ws.on('framereceived', (frame) => {
        if (!String(frame.payload).startsWith('40')) return;
        clearTimeout(timer);
        page.off('websocket', onSocket);
        resolve(ws);
      });
    page.on('websocket', onSocket);
  });
}

/** Opens `path` and waits until the page's socket is connected, so what follows arrives live. */
export async function gotoLive(page: Page, path: string): Promise<WebSocket> {
  const connected = nextConnect(page);
  await page.goto(path);
  return connected;
}

/** Takes the context off the network and waits until its socket has really dropped. */
export async function goOffline(context: BrowserContext, socket: WebSocket): Promise<void> {
  const closed = socket.waitForEvent('close', { timeout: LIVE_MS });
  await context.setOffline(true);
  await closed;
}

/** A conversation's messages. */
export const log = (page: Page) => page.getByRole('log', { name: 'Messages' });

/** The messages of a conversation (sent or still sending) whose text is exactly `text`. */
export const bubbles = (page: Page, text: string): Locator =>
  log(page)
    .getByRole('listitem')
    .filter({ has: page.getByText(text, { exact: true }) });

/** The texts of a conversation's stored messages, in order. */
export const texts = (page: Page) => log(page).locator('[data-seq] > p').allTextContents();

/** Writes in the message composer and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** Marks the document, so a later `stillMarked` can tell it was never reloaded. */
export const mark = (page: Page) => page.evaluate(() => ((window as { liveMark?: boolean }).liveMark = true));
export const stillMarked = (page: Page) => page.evaluate(() => (window as { liveMark?: boolean }).liveMark);
