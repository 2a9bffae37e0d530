import { withAreas } from '../lib/i18n-core.ts';

// Every page's chunk, by route: the router loads a page when its route is first visited, and boot.ts
// starts loading the first page's before the app's own code has arrived. A page that uses an area of the
// catalogue beyond the core (locales/catalogue.ts) names it here: its chunk settles once the area's
// messages are here too, in the current language, so the page never renders a raw key.

export const pages = {
  home: () => import('../features/feed/HomeOrLanding.tsx'),
  explore: withAreas(['cities'], () => import('../features/feed/ExplorePage.tsx')),
  tag: () => import('../features/feed/TagPage.tsx'),
  cities: withAreas(['cities'], () => import('../features/cities/CitiesPage.tsx')),
  city: withAreas(['cities', 'profile', 'groups', 'events'], () => import('../features/cities/CityPage.tsx')),
  memory: withAreas(['memory'], () => import('../features/memory/MemoryPage.tsx')),
  signup: withAreas(['auth'], () => import('../features/auth/SignupPage.tsx')),
  login: withAreas(['auth'], () => import('../features/auth/LoginPage.tsx')),
  forgotPassword: withAreas(['auth'], () => import('../features/auth/ForgotPasswordPage.tsx')),
  resetPassword: withAreas(['auth'], () => import('../features/auth/ResetPasswordPage.tsx')),
  verifyEmail: withAreas(['auth'], () => import('../features/auth/VerifyEmailPage.tsx')),
  welcome: withAreas(['onboarding', 'auth', 'dancer'], () => import('../features/auth/OnboardingPage.tsx')),
  profile: withAreas(['profile', 'dancer', 'chat'], () => import('../features/profile/ProfilePage.tsx')),
  people: withAreas(['profile'], () => import('../features/profile/PeoplePage.tsx')),
  resume: withAreas(['events', 'profile'], () => import('../features/events/ResumePage.tsx')),
  notifications: withAreas(
    ['notifications'],
    () => import('../features/notifications/NotificationsPage.tsx'),
  ),
  bookmarks: withAreas(['bookmarks'], () => import('../features/bookmarks/BookmarksPage.tsx')),
  settings: withAreas(['settings', 'auth', 'dancer'], () => import('../features/settings/SettingsPage.tsx')),
  chat: withAreas(['chat'], () => import('../features/chat/ChatPage.tsx')),
  groups: withAreas(['groups'], () => import('../features/groups/GroupsPage.tsx')),
  newGroup: withAreas(['groups'], () => import('../features/groups/NewGroupPage.tsx')),
  group: withAreas(['groups'], () => import('../features/groups/GroupPage.tsx')),
  events: withAreas(['events'], () => import('../features/events/EventsPage.tsx')),
  newEvent: withAreas(['events'], () => import('../features/events/NewEventPage.tsx')),
  event: withAreas(['events'], () => import('../features/events/EventPage.tsx')),
  editEvent: withAreas(['events'], () => import('../features/events/EditEventPage.tsx')),
  eventRegistrations: withAreas(['events'], () => import('../features/events/RegistrationsPage.tsx')),
};
export type PageName = keyof typeof pages;

/** The page a path opens, by its first segments, as the router's table matches it (router.tsx). */
export function pageFor(pathname: string): PageName | undefined {
  const [first = '', second, third] = pathname.split('/').filter(Boolean);
  if (!first) return 'home';
  if (first === 'u') {
    if (third === 'resume') return 'resume';
    return third ? 'people' : second ? 'profile' : undefined;
  }
  if (first === 'm') return second ? 'memory' : undefined;
  if (first === 'tags') return second ? 'tag' : undefined;
  if (first === 'cities') return second ? 'city' : 'cities';
  if (first === 'chat') return third ? undefined : 'chat';
  if (first === 'groups')
    return third ? undefined : second === 'new' ? 'newGroup' : second ? 'group' : 'groups';
  if (first === 'events') {
    if (!second) return 'events';
    if (second === 'new') return third ? undefined : 'newEvent';
    if (!third) return 'event';
    return third === 'edit' ? 'editEvent' : third === 'registrations' ? 'eventRegistrations' : undefined;
  }
  const byFirst: Record<string, PageName> = {
    explore: 'explore',
    signup: 'signup',
    login: 'login',
    'forgot-password': 'forgotPassword',
    'reset-password': 'resetPassword',
    'verify-email': 'verifyEmail',
    welcome: 'welcome',
    notifications: 'notifications',
    bookmarks: 'bookmarks',
    settings: 'settings',
  };
  return second ? undefined : byFirst[first];
}
