// Every page's chunk, by route: the router loads a page when its route is first visited, and boot.ts
// starts loading the first page's before the app's own code has arrived.

export const pages = {
  home: () => import('../features/feed/HomeOrLanding.tsx'),
  explore: () => import('../features/feed/ExplorePage.tsx'),
  tag: () => import('../features/feed/TagPage.tsx'),
  cities: () => import('../features/cities/CitiesPage.tsx'),
  city: () => import('../features/cities/CityPage.tsx'),
  memory: () => import('../features/memory/MemoryPage.tsx'),
  signup: () => import('../features/auth/SignupPage.tsx'),
  login: () => import('../features/auth/LoginPage.tsx'),
  forgotPassword: () => import('../features/auth/ForgotPasswordPage.tsx'),
  resetPassword: () => import('../features/auth/ResetPasswordPage.tsx'),
  verifyEmail: () => import('../features/auth/VerifyEmailPage.tsx'),
  welcome: () => import('../features/auth/OnboardingPage.tsx'),
  profile: () => import('../features/profile/ProfilePage.tsx'),
  people: () => import('../features/profile/PeoplePage.tsx'),
  notifications: () => import('../features/notifications/NotificationsPage.tsx'),
  bookmarks: () => import('../features/bookmarks/BookmarksPage.tsx'),
  settings: () => import('../features/settings/SettingsPage.tsx'),
  chat: () => import('../features/chat/ChatPage.tsx'),
};
export type PageName = keyof typeof pages;

/** The page a path opens, by its first segments, as the router's table matches it (router.tsx). */
export function pageFor(pathname: string): PageName | undefined {
  const [first = '', second, third] = pathname.split('/').filter(Boolean);
  if (!first) return 'home';
  if (first === 'u') return third ? 'people' : second ? 'profile' : undefined;
  if (first === 'm') return second ? 'memory' : undefined;
  if (first === 'tags') return second ? 'tag' : undefined;
  if (first === 'cities') return second ? 'city' : 'cities';
  if (first === 'chat') return third ? undefined : 'chat';
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
