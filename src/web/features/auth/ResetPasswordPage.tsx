import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { Button } from '../../ui/Button.tsx';
import { useResetPassword } from './auth.api.ts';
import { fieldsAtFault, passwordRules } from './auth.rules.ts';
import { NewPasswordField, useRefusal } from './AuthFields.tsx';
import './auth.css';

type Values = { password: string };

/** An outcome in place of the form; its heading takes the focus so the news is read out. */
function Outcome({ title, body, children }: { title: string; body: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="page page--narrow auth">
      <h1 className="page__title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p>{body}</p>
      <p className="auth__links">{children}</p>
    </section>
  );
}

/** /reset-password?token=: a new password from the mailed link; every session ends with it. */
export function ResetPasswordPage() {
  const t = useT();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  const refusal = useRefusal<Values>();
  const [password, setPassword] = useState('');
  const [attempted, setAttempted] = useState(false);
  usePageTitle(t('auth.resetTitle'));

  if (!token) {
    return (
      <Outcome title={t('auth.resetMissingTitle')} body={t('auth.resetMissing')}>
        <Link to="/forgot-password">{t('auth.askNewLink')}</Link>
      </Outcome>
    );
  }
  if (fieldsAtFault(refusal.error).has('token')) {
    return (
      <Outcome title={t('auth.resetInvalidTitle')} body={t('auth.resetInvalid')}>
        <Link to="/forgot-password">{t('auth.askNewLink')}</Link>
      </Outcome>
    );
  }
  if (reset.isSuccess) {
    return (
      <Outcome title={t('auth.resetDoneTitle')} body={t('auth.resetDone')}>
        <Link to="/login" className="btn btn--primary">
          {t('auth.logIn')}
        </Link>
      </Outcome>
    );
  }

  const values = { password };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setAttempted(true);
    if (!passwordRules(password).length) {
      e.currentTarget.querySelector<HTMLInputElement>('[name="password"]')?.focus();
      return;
    }
    refusal.clear();
    reset.mutate({ token, password }, { onError: (err) => refusal.refuse(err, values) });
  };

  return (
    <section className="page page--narrow auth">
      <header className="auth__header">
        <h1 className="page__title">{t('auth.resetTitle')}</h1>
        <p className="auth__intro">{t('auth.resetIntro')}</p>
      </header>
      <form className="form auth__form" onSubmit={submit} noValidate>
        <NewPasswordField
          label={t('auth.newPassword')}
          name="password"
          required
          value={password}
          onChange={setPassword}
          refused={refusal.faults('password', values)}
          attempted={attempted}
        />
        <p className="auth__form-error" role="alert">
          {refusal.formError(t, ['password', 'token']) ?? ''}
        </p>
        <Button type="submit" variant="primary" busy={reset.isPending}>
          {reset.isPending ? t('auth.resetSaving') : t('auth.resetSave')}
        </Button>
      </form>
    </section>
  );
}
