import { readFileSync } from 'node:fs';

// Every page of the web app, one entry per route of src/web/app/router.tsx (a route with several
// meanings, such as a profile's lists, may have several): what test/web/pages.browser.test.ts visits and
// `npm run screens` photographs. The pages test fails when a route of the router has no entry here.

/** What the paths are made of: whoever the run signs in as and the data it made or found. */
export interface PageData {
  /** A dancer with memories, followers and people they follow. */
  username: string;
  /** A public memory with a comment. */
  memoryId: string;
  tag: string;
  /** A city dancers live in, by name, as profiles and memories link to it (the page moves to its slug). */
  city: string;
  /** A direct conversation of that dancer's, with messages. */
  conversationId: string;
  /** A group of that dancer's in that city, with members and memories. */
  groupId: string;
  /** A weekly event that dancer organises in that city, with dancers going, waiting and interested. */
  eventId: string;
}

export interface WebPage {
  name: string;
  /** The router's pattern this page stands for: "(index)" for the index route. */
  route: string;
  path: (d: PageData) => string;
  /** Shown signed in in the screenshots: the page is about the signed-in dancer. */
  signedInShot: boolean;
  /** API answers the page is expected to meet, logged by Chromium as console errors (a made-up token). */
  allowStatus?: (status: number, url: string) => boolean;
}

const refusedToken = (status: number, url: string) => status === 400 && url.includes('/api/v1/auth/');

export const WEB_PAGES: WebPage[] = [
  { name: 'landing', route: '(index)', path: () => '/', signedInShot: false },
  { name: 'home', route: '(index)', path: () => '/', signedInShot: true },
  { name: 'explore', route: 'explore', path: () => '/explore', signedInShot: true },
  { name: 'tag', route: 'tags/:tag', path: (d) => `/tags/${encodeURIComponent(d.tag)}`, signedInShot: true },
  { name: 'cities', route: 'cities', path: () => '/cities', signedInShot: true },
  {
    name: 'city',
    route: 'cities/:city',
    path: (d) => `/cities/${encodeURIComponent(d.city)}`,
    signedInShot: true,
  },
  {
    name: 'city-residents',
    route: 'cities/:city',
    path: (d) => `/cities/${encodeURIComponent(d.city)}?tab=residents`,
    signedInShot: true,
  },
  {
    name: 'city-events',
    route: 'cities/:city',
    path: (d) => `/cities/${encodeURIComponent(d.city)}?tab=events`,
    signedInShot: true,
  },
  {
    name: 'city-groups',
    route: 'cities/:city',
    path: (d) => `/cities/${encodeURIComponent(d.city)}?tab=groups`,
    signedInShot: true,
  },
  { name: 'groups', route: 'groups', path: () => '/groups', signedInShot: true },
  { name: 'new-group', route: 'groups/new', path: () => '/groups/new', signedInShot: true },
  { name: 'group', route: 'groups/:id', path: (d) => `/groups/${d.groupId}`, signedInShot: true },
  {
    name: 'group-not-found',
    route: 'groups/:id',
    path: () => '/groups/00000000-0000-4000-8000-000000000000',
    signedInShot: true,
    allowStatus: (status, url) => status === 404 && url.includes('/api/v1/groups/'),
  },
  { name: 'events', route: 'events', path: () => '/events', signedInShot: true },
  { name: 'events-month', route: 'events', path: () => '/events?view=month', signedInShot: true },
  { name: 'events-week', route: 'events', path: () => '/events?view=week', signedInShot: true },
  { name: 'new-event', route: 'events/new', path: () => '/events/new', signedInShot: true },
  { name: 'event', route: 'events/:id', path: (d) => `/events/${d.eventId}`, signedInShot: true },
  {
    name: 'event-not-found',
    route: 'events/:id',
    path: () => '/events/00000000-0000-4000-8000-000000000000',
    signedInShot: true,
    allowStatus: (status, url) => status === 404 && url.includes('/api/v1/events/'),
  },
  {
    name: 'edit-event',
    route: 'events/:id/edit',
    path: (d) => `/events/${d.eventId}/edit`,
    signedInShot: true,
  },
  {
    name: 'event-registrations',
    route: 'events/:id/registrations',
    path: (d) => `/events/${d.eventId}/registrations`,
    signedInShot: true,
  },
  { name: 'memory', route: 'm/:id', path: (d) => `/m/${d.memoryId}`, signedInShot: true },
  { name: 'signup', route: 'signup', path: () => '/signup', signedInShot: false },
  { name: 'login', route: 'login', path: () => '/login', signedInShot: false },
  { name: 'forgot-password', route: 'forgot-password', path: () => '/forgot-password', signedInShot: false },
  {
    name: 'reset-password',
    route: 'reset-password',
    path: () => '/reset-password?token=not-a-real-token',
    signedInShot: false,
    allowStatus: refusedToken,
  },
  {
    name: 'verify-email',
    route: 'verify-email',
    path: () => '/verify-email?token=not-a-real-token',
    signedInShot: false,
    allowStatus: refusedToken,
  },
  { name: 'welcome', route: 'welcome', path: () => '/welcome', signedInShot: true },
  { name: 'profile', route: 'u/:username', path: (d) => `/u/${d.username}`, signedInShot: true },
  {
    name: 'followers',
    route: 'u/:username/:list',
    path: (d) => `/u/${d.username}/followers`,
    signedInShot: true,
  },
  {
    name: 'following',
    route: 'u/:username/:list',
    path: (d) => `/u/${d.username}/following`,
    signedInShot: true,
  },
  {
    name: 'resume',
    route: 'u/:username/resume',
    path: (d) => `/u/${d.username}/resume`,
    signedInShot: true,
  },
  { name: 'notifications', route: 'notifications', path: () => '/notifications', signedInShot: true },
  { name: 'bookmarks', route: 'bookmarks', path: () => '/bookmarks', signedInShot: true },
  { name: 'settings', route: 'settings', path: () => '/settings', signedInShot: true },
  { name: 'chat', route: 'chat', path: () => '/chat', signedInShot: true },
  {
    name: 'conversation',
    route: 'chat/:id',
    path: (d) => `/chat/${d.conversationId}`,
    signedInShot: true,
  },
  { name: 'not-found', route: '*', path: () => '/no-such-page/here', signedInShot: false },
];

/** The routes router.tsx declares: `index: true` as "(index)", and every `path: '…'`. */
export function declaredRoutes(): string[] {
  const source = readFileSync(new URL('../../src/web/app/router.tsx', import.meta.url), 'utf8');
  const paths = [...source.matchAll(/\bpath:\s*'([^']+)'/g)].map((m) => m[1] ?? '');
  return [...(/\bindex:\s*true\b/.test(source) ? ['(index)'] : []), ...paths];
}
