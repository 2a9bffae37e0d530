import { useState, type FormEvent } from 'react';
import { isLongEnoughPassword, passwordSchema } from '../../../contract/auth.ts';
import { ApiError, postJson } from '../../lib/api.ts';
import type { MessageKey } from '../../lib/i18n.ts';

/** Landing page of the password-reset link: asks for the new password and submits it with the token. */
export function ResetPasswordPage({ token, t }: { token: string | null; t: (key: MessageKey) => string }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'done'>('idle');

  if (!token) return <p role="alert">{t('missingToken')}</p>;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!passwordSchema.safeParse(password).success || !isLongEnoughPassword(password)) {
      setError(t('passwordHint'));
      return;
    }
    setStatus('saving');
    setError(null);
    postJson('/auth/password/reset', { token, password })
      .then(() => setStatus('done'))
      .catch((err: unknown) => {
        setStatus('idle');
        setError(err instanceof ApiError ? err.message : t('linkInvalid'));
      });
  };

  if (status === 'done') {
    return (
      <section>
        <p role="status">{t('resetDone')}</p>
        <a href="/">{t('backHome')}</a>
      </section>
    );
  }

  return (
    <section aria-labelledby="reset-title">
      <h2 id="reset-title">{t('resetTitle')}</h2>
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor="new-password">{t('newPassword')}</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby="password-hint"
          required
        />
        <p id="password-hint" className="hint">
          {t('passwordHint')}
        </p>
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={status === 'saving'}>
          {status === 'saving' ? t('saving') : t('save')}
        </button>
      </form>
    </section>
  );
}
