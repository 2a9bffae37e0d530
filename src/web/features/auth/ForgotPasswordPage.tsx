import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { Button } from '../../ui/Button.tsx';
import { useForgotPassword } from './auth.api.ts';
import { fieldsAtFault, looksLikeEmail } from './auth.rules.ts';
import { EmailField } from './AuthFields.tsx';
import './auth.css';

/**
 * /forgot-password: asks for a reset link. The answer is the same whether or not the address has an
 * account, so the page never tells who is on Abrazo.
 */
export function ForgotPasswordPage() {
  const t = useT();
  const forgot = useForgotPassword();
  const [email, setEmail] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const sentHeading = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('auth.forgotTitle'));

  const refusedEmail = forgot.isError && fieldsAtFault(forgot.error).has('email');
  const emailError =
    (attempted && !looksLikeEmail(email)) || refusedEmail ? t('auth.emailInvalid') : undefined;
  const formError = forgot.isError && !refusedEmail ? errorMessage(t, forgot.error) : '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!looksLikeEmail(email)) return;
    const address = email.trim();
    forgot.mutate(address, {
      onSuccess: () => {
        setSentTo(address);
        // The form is gone: focus moves to the news that replaced it.
        requestAnimationFrame(() => sentHeading.current?.focus());
      },
    });
  };

  if (sentTo !== null) {
    return (
      <section className="page page--narrow auth">
        <h1 className="page__title" ref={sentHeading} tabIndex={-1}>
          {t('auth.forgotSentTitle')}
        </h1>
        <p>{t('auth.forgotSent', { email: sentTo })}</p>
        <p className="auth__links">
          <button
            type="button"
            className="auth__link-button"
            onClick={() => {
              forgot.reset();
              setSentTo(null);
            }}
          >
            {t('auth.forgotAgain')}
          </button>
          <Link to="/login">{t('auth.backToLogIn')}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="page page--narrow auth">
      <header className="auth__header">
        <h1 className="page__title">{t('auth.forgotTitle')}</h1>
        <p className="auth__intro">{t('auth.forgotIntro')}</p>
      </header>
      <form className="form auth__form" onSubmit={submit} noValidate>
        <EmailField
          label={t('auth.email')}
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            if (forgot.isError) forgot.reset();
          }}
          error={emailError}
        />
        <p className="auth__form-error" role="alert">
          {formError}
        </p>
        <Button type="submit" variant="primary" busy={forgot.isPending}>
          {forgot.isPending ? t('auth.forgotSending') : t('auth.forgotSend')}
        </Button>
      </form>
      <p className="auth__switch">
        <Link to="/login">{t('auth.backToLogIn')}</Link>
      </p>
    </section>
  );
}
