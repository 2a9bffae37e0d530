import { MARKS_FIRST_CONTENT, startEarlyRequests } from './app/early.ts';
import { pageFor, pages } from './app/pages.ts';
import { MAX_WAIT_MS, markFirstContent, markFirstContentWhenIdle } from './lib/first-content.ts';
import { setupI18n } from './lib/i18n-core.ts';
import { session } from './lib/session.ts';
import { applyTheme, storedTheme } from './lib/theme.ts';

// The entry: it imports next to nothing, so what the first render waits for starts at once and in
// parallel with the app's own code (which index.html preloads, see vite.config.ts): the language's
// catalogue, the first page's chunk, the session's refresh and then the first page's data. The theme is applied before the first paint.

applyTheme(storedTheme(), false);
const first = pageFor(location.pathname);
// Restores the session from the refresh cookie (signed out when there is none), then asks the API for what
// the first page shows first: from the first listener of the session's state, called before the app's
// (main.tsx subscribes later), so these requests leave before React renders the signed-in frame, not
// after; and once the refresh has settled in any case (offline it leaves the state unknown).
let early: Promise<void> | undefined;
const startEarly = () => (early ??= startEarlyRequests(first, location.pathname));
const stopListening = session.subscribe((state) => {
  if (state.status === 'unknown') return;
  stopListening();
  void startEarly();
});
// The live socket and the unread badges wait for that content to be on screen (lib/first-content.ts): a
// feed or the chat list says when; any other page is taken to have rendered it at the first idle moment
// after its early requests answered.
void session
  .refresh()
  .then(startEarly)
  .then(() => {
    if (!first || !MARKS_FIRST_CONTENT.has(first)) markFirstContentWhenIdle();
  });
setTimeout(markFirstContent, MAX_WAIT_MS);
void setupI18n();
// A chunk that fails to load here is loaded again by the router, which shows the error with a retry.
if (first) void pages[first]().catch(() => undefined);

void import('./main.tsx');
