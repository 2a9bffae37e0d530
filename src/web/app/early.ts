import { endEarlyRequests, requestEarly, type RequestOptions } from '../lib/api.ts';
import { CITIES_PAGE, CONVERSATIONS_PAGE, FRIEND_REQUESTS_PAGE, MEMORIES_PAGE } from '../lib/page-sizes.ts';
import { session } from '../lib/session.ts';
import type { PageName } from './pages.ts';

// What the first page shows first comes from the API: boot.ts asks for it here as soon as the session
// is restored, in parallel with the download of the app's code, instead of after it. The paths and
// queries are the ones the pages' queries send (features/*/…api.ts), so the answers are taken over.

type Early = [path: string, query?: RequestOptions['query']][];

const seg = encodeURIComponent;
const memories = { limit: MEMORIES_PAGE };

/** The first page's main requests, from the signed-in state and the path's second segment (decoded). */
const FIRST: Partial<Record<PageName, (signedIn: boolean, param: string) => Early>> = {
  home: (signedIn) => [[signedIn ? '/feed' : '/feed/public', memories]],
  explore: () => [['/feed/public', memories]],
  tag: (_, tag) => [[`/tags/${seg(tag)}/memories`, memories]],
  cities: () => [['/cities', { limit: CITIES_PAGE }]],
  // The city by the address's slug or name; its memories are asked for by its name, known only then.
  city: (_, city) => [[`/cities/${seg(city)}`]],
  // Signed in, the page waits for the requests the viewer received too (ProfilePage, usePendingRequests).
  profile: (signedIn, username) => [
    [`/users/${seg(username)}`],
    [`/users/${seg(username)}/memories`, memories],
    ...(signedIn
      ? ([['/friend-requests', { direction: 'incoming', limit: FRIEND_REQUESTS_PAGE }]] satisfies Early)
      : []),
  ],
  bookmarks: (signedIn) => (signedIn ? [['/me/bookmarks', memories]] : []),
  chat: (signedIn) => (signedIn ? [['/conversations', { limit: CONVERSATIONS_PAGE }]] : []),
};

/**
 * The pages whose content is a memory feed or the chat list: they mark the first content themselves
 * when it has rendered (lib/first-content.ts).
 */
export const MARKS_FIRST_CONTENT: ReadonlySet<PageName> = new Set([
  'home',
  'explore',
  'tag',
  'profile',
  'bookmarks',
  'chat',
]);

/**
 * Starts the first page's main requests; the rest of the page asks for its own once it renders. Resolves
 * once they have answered (or failed).
 */
export async function startEarlyRequests(page: PageName | undefined, pathname: string): Promise<void> {
  const started: Promise<unknown>[] = [];
  try {
    const early = page && FIRST[page];
    if (!early) return;
    const [, second = ''] = pathname.split('/').filter(Boolean);
    let param: string;
    try {
      param = decodeURIComponent(second);
    } catch {
      return; // A malformed address: the router shows its error, there is nothing to start.
    }
    for (const [path, query] of early(session.get().status === 'signedIn', param)) {
      const pending = requestEarly(path, query);
      if (pending) started.push(pending);
    }
  } finally {
    endEarlyRequests();
  }
  await Promise.allSettled(started);
}
