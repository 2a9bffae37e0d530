// What a page does not need to show its content — the live socket (socket.io-client) and the
// navigation's unread badges (their chunks and requests) — starts once the first page's content is on
// screen, so that on a slow phone it does not compete with that content for the network and the main
// thread. The pages whose content is a feed or the chat list mark it themselves when it has rendered
// (MemoryFeed, ConversationList); for any other page boot.ts marks it at the first idle moment after the
// page's early requests (app/early.ts) have answered; and it is marked at the latest MAX_WAIT_MS after
// boot, whatever the page did.

export const MAX_WAIT_MS = 3_000;

let shown = false;
const listeners = new Set<() => void>();

export const firstContentShown = (): boolean => shown;

/** The first page's content is on screen (again later: nothing happens). */
export function markFirstContent(): void {
  if (shown) return;
  shown = true;
  for (const listener of [...listeners]) listener();
  listeners.clear();
}

/** Calls `listener` once, when the first content is marked; returns the unsubscribe. */
export function subscribeFirstContent(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs `fn` once the first content is on screen (at once when it is already). */
export function afterFirstContent(fn: () => void): void {
  if (shown) fn();
  else subscribeFirstContent(fn);
}

/**
 * Marks it once the browser has painted what was just committed: the frame's animation callback runs
 * before that paint, a task queued from it after. (A component's effect may run before the paint.)
 */
export function markFirstContentAfterPaint(): void {
  if (shown) return;
  requestAnimationFrame(() => setTimeout(markFirstContent, 0));
}

/** Marks it at the browser's next idle moment (the page has rendered what it had by then). */
export function markFirstContentWhenIdle(): void {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(markFirstContent, { timeout: 1_000 });
  } else {
    setTimeout(markFirstContent, 50);
  }
}
