import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration } from 'react-router';
import { SUPPORTED_LOCALES } from '../../contract/locales.ts';
import { useLogout } from '../features/auth/auth.api.ts';
import { CityPeopleSlot } from '../features/profile/CityPeopleSlot.tsx';
import { changeLocale, currentLocale, useT, withAreas } from '../lib/i18n.ts';
import { useRealtimeStatus } from '../lib/realtime.ts';
import { useFirstContentShown } from '../lib/use-first-content.ts';
import { applyTheme, type ThemeChoice } from '../lib/theme.ts';
import { useThemeChoice } from '../lib/use-theme.ts';
import { useSession } from '../lib/use-session.ts';
import {
  BellIcon,
  BookmarkIcon,
  CalendarIcon,
  ChatIcon,
  CompassIcon,
  HomeIcon,
  SettingsIcon,
  UserIcon,
} from '../ui/icons.tsx';
import { Toaster } from '../ui/toast.tsx';

// Loaded when the session runs out, not with every first page, with its log-in form's messages.
const SessionExpiredDialog = lazy(
  withAreas(['auth'], async () => ({
    default: (await import('../features/auth/SessionExpiredDialog.tsx')).SessionExpiredDialog,
  })),
);

// The unread counts of notifications and of the chat (and the chat's live side) load once the first page's
// content is on screen (lib/first-content.ts); until then their place holds an empty badge of the same size.
const NotificationsBadge = lazy(async () => ({
  default: (await import('../features/notifications/NotificationsBadge.tsx')).NotificationsBadge,
}));
const ChatUnread = lazy(async () => ({
  default: (await import('../features/chat/ChatUnread.tsx')).ChatUnread,
}));

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function NotificationsLink({ className }: { className: string }) {
  const t = useT();
  const later = useFirstContentShown();
  const empty = <span className="badge badge--empty" aria-hidden="true" />;
  return (
    <NavLink to="/notifications" className={className}>
      <BellIcon />
      <span className="nav__text">{t('nav.notifications')}</span>
      {later ? (
        <Suspense fallback={empty}>
          <NotificationsBadge />
        </Suspense>
      ) : (
        empty
      )}
    </NavLink>
  );
}

function ChatUnreadSlot() {
  const later = useFirstContentShown();
  const empty = <span className="badge badge--chat badge--empty" aria-hidden="true" />;
  return later ? (
    <Suspense fallback={empty}>
      <ChatUnread />
    </Suspense>
  ) : (
    empty
  );
}

/** Language and theme: in the rail on desktop, in settings and the landing page on phones. */
export function Preferences() {
  const t = useT();
  const theme = useThemeChoice();
  return (
    <div className="prefs">
      <label className="prefs__item">
        <span>{t('app.language')}</span>
        <select
          value={currentLocale()}
          onChange={(e) => void changeLocale(e.target.value as (typeof SUPPORTED_LOCALES)[number])}
        >
          {SUPPORTED_LOCALES.map((l) => (
            <option key={l} value={l}>
              {l === 'es' ? 'Español' : 'English'}
            </option>
          ))}
        </select>
      </label>
      <label className="prefs__item">
        <span>{t('app.theme')}</span>
        <select value={theme} onChange={(e) => applyTheme(e.target.value as ThemeChoice)}>
          <option value="system">{t('app.themeSystem')}</option>
          <option value="light">{t('app.themeLight')}</option>
          <option value="dark">{t('app.themeDark')}</option>
        </select>
      </label>
    </div>
  );
}

/** The frame of every page: top bar and tab bar on phones, a left rail from 1024 px. */
export function Shell() {
  const t = useT();
  const state = useSession();
  const online = useOnline();
  const realtime = useRealtimeStatus();
  const logout = useLogout();
  const signedIn = state.status === 'signedIn';
  const me = signedIn ? `/u/${state.user.username}` : '/login';
  const expired = state.status === 'signedOut' && state.reason === 'expired';
  const disconnected = !online || realtime === 'reconnecting';
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `nav__link${isActive ? ' nav__link--active' : ''}`;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        {signedIn ? (
          <div className="topbar__tools">
            <NavLink to="/bookmarks" className="topbar__bell" aria-label={t('nav.bookmarks')}>
              <BookmarkIcon />
            </NavLink>
            <NotificationsLink className="topbar__bell" />
          </div>
        ) : (
          <nav className="topbar__auth" aria-label={t('nav.account')}>
            <Link to="/login" className="btn btn--ghost btn--sm">
              {t('nav.logIn')}
            </Link>
            <Link to="/signup" className="btn btn--primary btn--sm">
              {t('nav.signUp')}
            </Link>
          </nav>
        )}
      </header>
      <nav className="nav" aria-label={t('nav.main')}>
        <Link to="/" className="brand nav__brand">
          {t('app.name')}
        </Link>
        <NavLink to="/" end className={navClass}>
          <HomeIcon />
          <span className="nav__text">{t('nav.home')}</span>
        </NavLink>
        <NavLink to="/explore" className={navClass}>
          <CompassIcon />
          <span className="nav__text">{t('nav.explore')}</span>
        </NavLink>
        <NavLink to="/events" className={navClass}>
          <CalendarIcon />
          <span className="nav__text">{t('nav.events')}</span>
        </NavLink>
        {signedIn && (
          <NavLink to="/chat" className={navClass}>
            <ChatIcon />
            <span className="nav__text">{t('nav.chat')}</span>
            <ChatUnreadSlot />
          </NavLink>
        )}
        {signedIn && <NotificationsLink className="nav__link nav__link--wide" />}
        {signedIn && (
          <NavLink to="/bookmarks" className={(state) => `${navClass(state)} nav__link--wide`}>
            <BookmarkIcon />
            <span className="nav__text">{t('nav.bookmarks')}</span>
          </NavLink>
        )}
        <NavLink to={me} className={navClass}>
          <UserIcon />
          <span className="nav__text">{signedIn ? t('nav.me') : t('nav.logIn')}</span>
        </NavLink>
        {signedIn && (
          <NavLink to="/settings" className={`${navClass({ isActive: false })} nav__link--wide`}>
            <SettingsIcon />
            <span className="nav__text">{t('nav.settings')}</span>
          </NavLink>
        )}
        <div className="nav__footer">
          <Preferences />
          {signedIn && (
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => logout.mutate()}>
              {t('nav.logOut')}
            </button>
          )}
        </div>
      </nav>
      <div className="banner-slot" aria-live="polite">
        {disconnected && (
          <p className="banner" role="status">
            {t('app.offline')}
          </p>
        )}
      </div>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <aside className="aside" aria-label={t('nav.nearby')}>
        <CityPeopleSlot />
      </aside>
      {expired && (
        <Suspense fallback={null}>
          <SessionExpiredDialog />
        </Suspense>
      )}
      <Toaster />
      <ScrollRestoration />
    </div>
  );
}
