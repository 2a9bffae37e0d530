import { useT } from '../../lib/i18n.ts';
import { session } from '../../lib/session.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { LoginForm } from './LoginForm.tsx';

/**
 * The session ran out (the refresh was refused): log in again over the page, so what the dancer was
 * typing stays. Loaded only when it happens (app/Shell.tsx), not with every first page.
 */
export function SessionExpiredDialog() {
  const t = useT();
  return (
    <Dialog
      open
      title={t('session.expiredTitle')}
      // Closing after logging in again (the dialog closes itself then) must not sign out.
      onClose={() => {
        if (session.get().status !== 'signedIn') session.signedOut();
      }}
    >
      <p>{t('session.expiredBody')}</p>
      <LoginForm onDone={() => undefined} />
    </Dialog>
  );
}
