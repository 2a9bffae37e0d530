import type { Area } from '../locales/catalogue.ts';

// The areas of the catalogue beyond the core (locales/catalogue.ts) that a page uses: app/pages.ts loads
// them with the page's chunk, and the first-load budget (bench/lib/first-load.ts) counts them.

export const PAGE_AREAS = {
  explore: ['cities'],
  cities: ['cities'],
  city: ['cities', 'profile', 'groups', 'events'],
  memory: ['memory'],
  signup: ['auth'],
  login: ['auth'],
  forgotPassword: ['auth'],
  resetPassword: ['auth'],
  verifyEmail: ['auth'],
  welcome: ['onboarding', 'auth', 'dancer'],
  profile: ['profile', 'dancer', 'chat'],
  people: ['profile'],
  resume: ['events', 'profile'],
  notifications: ['notifications'],
  bookmarks: ['bookmarks'],
  settings: ['settings', 'auth', 'dancer'],
  chat: ['chat'],
  groups: ['groups'],
  newGroup: ['groups'],
  group: ['groups'],
  events: ['events'],
  newEvent: ['events'],
  event: ['events'],
  editEvent: ['events'],
  eventRegistrations: ['events'],
} as const satisfies Record<string, readonly Area[]>;
