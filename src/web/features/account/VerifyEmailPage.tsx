import { useEffect, useState } from 'react';
import { postJson } from '../../lib/api.ts';
import type { MessageKey } from '../../lib/i18n.ts';

type State = 'verifying' | 'verified' | 'linkInvalid' | 'missingToken';

/** Landing page of the verification link mailed at registration. */
export function VerifyEmailPage({ token, t }: { token: string | null; t: (key: MessageKey) => string }) {
  const [state, setState] = useState<State>(token ? 'verifying' : 'missingToken');

  useEffect(() => {
    if (!token) return;
    postJson('/auth/email/verify', { token })
      .then(() => setState('verified'))
      .catch(() => setState('linkInvalid'));
  }, [token]);

  return (
    <section aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verifyTitle')}</h2>
      <p role="status">{t(state)}</p>
      <a href="/">{t('backHome')}</a>
    </section>
  );
}
