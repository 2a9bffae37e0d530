import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useSession } from '../../lib/use-session.ts';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { safeNext } from './auth.rules.ts';
import { LoginForm } from './LoginForm.tsx';
import './auth.css';

/** /login: back to where the dancer was going (?next=, a path on this site only), or home. */
export function LoginPage() {
  const t = useT();
  const state = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [submitted, setSubmitted] = useState(false);
  const next = safeNext(params.get('next'));
  usePageTitle(t('auth.logInTitle'));

  if (state.status === 'unknown') return <Skeleton lines={6} className="skeleton--page" />;
  // Signed in already (in another tab, or an old link): no form to fill.
  if (state.status === 'signedIn' && !submitted) return <Navigate to={next} replace />;

  return (
    <section className="page page--narrow auth">
      <header className="auth__header">
        <h1 className="page__title">{t('auth.logInTitle')}</h1>
        <p className="auth__intro">{t('auth.logInIntro')}</p>
      </header>
      <LoginForm onSubmit={() => setSubmitted(true)} onDone={() => void navigate(next, { replace: true })} />
      <p className="auth__links">
        <Link to="/forgot-password">{t('auth.forgotLink')}</Link>
      </p>
      <p className="auth__switch">
        {t('auth.noAccount')} <Link to="/signup">{t('auth.signUpLink')}</Link>
      </p>
    </section>
  );
}
