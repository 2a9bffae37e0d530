import { withAreas } from '../lib/i18n-core.ts';
import { PAGE_AREAS } from './page-areas.ts';

// Every page's chunk, by route: the router loads a page when its route is first visited, and boot.ts
// starts loading the first page's before the app's own code has arrived. A page that uses an area of the
// catalogue beyond the core names it in page-areas.ts: its chunk settles once the area's messages are
// here too, in the current language, so the page never renders a raw key.

export const pages = {
  home: () => import('../features/feed/HomeOrLanding.tsx'),
  explore: withAreas(PAGE_AREAS.explore, () => import('../features/feed/ExplorePage.tsx')),
  tag: () => import('../features/feed/TagPage.tsx'),
  cities: withAreas(PAGE_AREAS.cities, () => import('../features/cities/CitiesPage.tsx')),
  city: withAreas(PAGE_AREAS.city, () => import('../features/cities/CityPage.tsx')),
  memory: withAreas(PAGE_AREAS.memory, () => import('../features/memory/MemoryPage.tsx')),
  signup: withAreas(PAGE_AREAS.signup, () => import('../features/auth/SignupPage.tsx')),
  login: withAreas(PAGE_AREAS.login, () => import('../features/auth/LoginPage.tsx')),
  forgotPassword: withAreas(
    PAGE_AREAS.forgotPassword,
    () => import('../features/auth/ForgotPasswordPage.tsx'),
  ),
  resetPassword: withAreas(PAGE_AREAS.resetPassword, () => import('../features/auth/ResetPasswordPage.tsx')),
  verifyEmail: withAreas(PAGE_AREAS.verifyEmail, () => import('../features/auth/VerifyEmailPage.tsx')),
  welcome: withAreas(PAGE_AREAS.welcome, () => import('../features/auth/OnboardingPage.tsx')),
  profile: withAreas(PAGE_AREAS.profile, () => import('../features/profile/ProfilePage.tsx')),
  people: withAreas(PAGE_AREAS.people, () => import('../features/profile/PeoplePage.tsx')),
  resume: withAreas(PAGE_AREAS.resume, () => import('../features/events/ResumePage.tsx')),
  notifications: withAreas(
    PAGE_AREAS.notifications,
    () => import('../features/notifications/NotificationsPage.tsx'),
  ),
  bookmarks: withAreas(PAGE_AREAS.bookmarks, () => import('../features/bookmarks/BookmarksPage.tsx')),
  settings: withAreas(PAGE_AREAS.settings, () => import('../features/settings/SettingsPage.tsx')),
  chat: withAreas(PAGE_AREAS.chat, () => import('../features/chat/ChatPage.tsx')),
  groups: withAreas(PAGE_AREAS.groups, () => import('../features/groups/GroupsPage.tsx')),
  newGroup: withAreas(PAGE_AREAS.newGroup, () => import('../features/groups/NewGroupPage.tsx')),
  group: withAreas(PAGE_AREAS.group, () => import('../features/groups/GroupPage.tsx')),
  events: withAreas(PAGE_AREAS.events, () => import('../features/events/EventsPage.tsx')),
  newEvent: withAreas(PAGE_AREAS.newEvent, () => import('../features/events/NewEventPage.tsx')),
  event: withAreas(PAGE_AREAS.event, () => import('../features/events/EventPage.tsx')),
  editEvent: withAreas(PAGE_AREAS.editEvent, () => import('../features/events/EditEventPage.tsx')),
  eventRegistrations: withAreas(
    PAGE_AREAS.eventRegistrations,
    () => import('../features/events/RegistrationsPage.tsx'),
  ),
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
