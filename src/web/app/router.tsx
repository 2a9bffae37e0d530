import { createBrowserRouter, type RouteObject } from 'react-router';
import { pages, type PageName } from './pages.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RouteError } from './RouteError.tsx';
import { Shell } from './Shell.tsx';

// Every page is its own chunk (pages.ts), loaded when its route is first visited; the shell is in the
// main chunk.

const page =
  <N extends PageName>(name: N, component: keyof Awaited<ReturnType<(typeof pages)[N]>> & string) =>
  async () => {
    const module: Record<string, unknown> = await pages[name]();
    return { Component: module[component] as React.ComponentType };
  };

const routes: RouteObject[] = [
  {
    element: <Shell />,
    errorElement: <RouteError />,
    // While the first page's chunk loads, the shell is already there (its outlet empty), so nothing moves.
    HydrateFallback: Shell,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, lazy: page('home', 'HomeOrLanding') },
          { path: 'explore', lazy: page('explore', 'ExplorePage') },
          { path: 'tags/:tag', lazy: page('tag', 'TagPage') },
          { path: 'cities', lazy: page('cities', 'CitiesPage') },
          { path: 'cities/:city', lazy: page('city', 'CityPage') },
          { path: 'groups', lazy: page('groups', 'GroupsPage') },
          { path: 'groups/new', lazy: page('newGroup', 'NewGroupPage') },
          { path: 'groups/:id', lazy: page('group', 'GroupPage') },
          { path: 'events', lazy: page('events', 'EventsPage') },
          { path: 'events/new', lazy: page('newEvent', 'NewEventPage') },
          { path: 'events/:id', lazy: page('event', 'EventPage') },
          { path: 'events/:id/edit', lazy: page('editEvent', 'EditEventPage') },
          { path: 'events/:id/registrations', lazy: page('eventRegistrations', 'RegistrationsPage') },
          { path: 'm/:id', lazy: page('memory', 'MemoryPage') },
          { path: 'signup', lazy: page('signup', 'SignupPage') },
          { path: 'login', lazy: page('login', 'LoginPage') },
          {
            path: 'forgot-password',
            lazy: page('forgotPassword', 'ForgotPasswordPage'),
          },
          {
            path: 'reset-password',
            lazy: page('resetPassword', 'ResetPasswordPage'),
          },
          {
            path: 'verify-email',
            lazy: page('verifyEmail', 'VerifyEmailPage'),
          },
          {
            path: 'welcome',
            lazy: page('welcome', 'OnboardingPage'),
          },
          {
            path: 'u/:username',
            lazy: page('profile', 'ProfilePage'),
          },
          {
            path: 'u/:username/resume',
            lazy: page('resume', 'ResumePage'),
          },
          {
            path: 'u/:username/:list',
            lazy: page('people', 'PeoplePage'),
          },
          {
            path: 'notifications',
            lazy: page('notifications', 'NotificationsPage'),
          },
          {
            path: 'bookmarks',
            lazy: page('bookmarks', 'BookmarksPage'),
          },
          {
            path: 'settings',
            lazy: page('settings', 'SettingsPage'),
          },
          { path: 'chat', lazy: page('chat', 'ChatPage') },
          { path: 'chat/:id', lazy: page('chat', 'ChatPage') },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
