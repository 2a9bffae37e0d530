import { useEffect, useState } from 'react';
import { ResetPasswordPage } from './features/account/ResetPasswordPage.tsx';
import { VerifyEmailPage } from './features/account/VerifyEmailPage.tsx';
import { pickLocale, type Locale } from '../contract/locales.ts';
import { nextLocale, translate, type MessageKey } from './lib/i18n.ts';

type Status = 'checking' | 'ready' | 'unavailable';

export function App() {
  const [locale, setLocale] = useState<Locale>(() => pickLocale(navigator.languages));
  const [status, setStatus] = useState<Status>('checking');
  const t = (key: MessageKey) => translate(locale, key);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    const controller = new AbortController();
    fetch('/readyz', { signal: controller.signal })
      .then((res) => setStatus(res.ok ? 'ready' : 'unavailable'))
      .catch(() => {
        if (!controller.signal.aborted) setStatus('unavailable');
      });
    return () => controller.abort();
  }, []);

  const { pathname, search } = window.location;
  const token = new URLSearchParams(search).get('token');
  const page =
    pathname === '/verify-email' ? (
      <VerifyEmailPage token={token} t={t} />
    ) : pathname === '/reset-password' ? (
      <ResetPasswordPage token={token} t={t} />
    ) : null;

  return (
    <main className="shell">
      <header className="shell__header">
        <h1>Abrazo</h1>
        <button type="button" className="shell__locale" onClick={() => setLocale(nextLocale(locale))}>
          {t('switchTo')}
        </button>
      </header>
      <p className="shell__tagline">{t('tagline')}</p>
      {page ?? (
        <>
          <p>{t('intro')}</p>
          <p role="status" className={`shell__status shell__status--${status}`}>
            {t('status')}: {t(status)}
          </p>
          <nav>
            <a href="/api/docs">{t('apiDocs')}</a>
          </nav>
        </>
      )}
    </main>
  );
}
