import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { useT, type MessageKey } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { session } from '../../lib/session.ts';
import { toast } from '../../ui/toast.tsx';
import { ChatAlertsSection } from './ChatAlertsSection.tsx';
import { DeleteAccountSection } from './DeleteAccountSection.tsx';
import { EmailSection } from './EmailSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { LanguageSection, ThemeSection } from './PreferencesSections.tsx';
import { PrivacySection } from './PrivacySection.tsx';
import { ProfileSection } from './ProfileSection.tsx';
import { SessionsSection } from './SessionsSection.tsx';
import './settings.css';

const SECTIONS: { id: string; label: MessageKey }[] = [
  { id: 'settings-profile', label: 'settings.profile.title' },
  { id: 'settings-email', label: 'settings.email.title' },
  { id: 'settings-password', label: 'settings.password.title' },
  { id: 'settings-language', label: 'settings.language.title' },
  { id: 'settings-theme', label: 'settings.theme.title' },
  { id: 'settings-chat-alerts', label: 'settings.chatAlerts.title' },
  { id: 'settings-privacy', label: 'settings.privacy.title' },
  { id: 'settings-sessions', label: 'settings.sessions.navLabel' },
  { id: 'settings-delete', label: 'settings.delete.title' },
];

function Settings({ onLeave }: { onLeave: (to: string) => void }) {
  const t = useT();
  return (
    <section className="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title" className="page__title">
        {t('settings.title')}
      </h1>
      <nav className="settings-toc" aria-label={t('settings.sectionsNav')}>
        <ul className="settings-toc__list">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a className="settings-toc__link" href={`#${s.id}`}>
                {t(s.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ProfileSection />
      <EmailSection />
      <PasswordSection />
      <LanguageSection />
      <ThemeSection />
      <ChatAlertsSection />
      <PrivacySection />
      <SessionsSection onSignedOut={() => onLeave('/login')} />
      <DeleteAccountSection
        onDeleted={() => {
          toast(t('settings.delete.done'));
          onLeave('/');
        }}
      />
    </section>
  );
}

/** /settings: the account, the profile, this device's preferences and the signed-in devices. */
export function SettingsPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const [leavingTo, setLeavingTo] = useState<string | null>(null);
  usePageTitle(t('settings.title'));
  // Signed out on purpose (everywhere, or the account deleted): straight to where the dancer goes next,
  // not through the sign-in redirect a signed-out visit to this page gets.
  if (leavingTo) return <Navigate to={leavingTo} replace />;
  return (
    <RequireAuth>
      <Settings
        onLeave={(to) => {
          setLeavingTo(to);
          session.signedOut();
          queryClient.clear();
        }}
      />
    </RequireAuth>
  );
}
