import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useSession } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { useAccount, useResendVerification, useVerifyEmail } from './auth.api.ts';
import { fieldsAtFault } from './auth.rules.ts';
import './auth.css';

/** Signed in: a button that mails a new link; signed out: the way to log in first. */
function NewLink() {
  const t = useT();
  const state = useSession();
  const resend = useResendVerification();
  if (state.status !== 'signedIn') {
    return (
      <p className="auth__links">
        <Link to={`/login?next=${encodeURIComponent('/verify-email')}`}>{t('auth.verifyLogInToResend')}</Link>
      </p>
    );
  }
  const already = resend.error instanceof ApiError && resend.error.code === 'CONFLICT';
  const status = resend.isSuccess
    ? t('auth.verifyResent')
    : already
      ? t('auth.verifyAlready')
      : resend.isError
        ? errorMessage(t, resend.error)
        : '';
  return (
    <div className="auth__actions">
      <Button
        variant="primary"
        busy={resend.isPending}
        disabled={resend.isPending || resend.isSuccess || already}
        onClick={() => resend.mutate()}
      >
        {resend.isPending ? t('auth.verifyResending') : t('auth.verifyResend')}
      </Button>
      <p className="auth__status" role="status">
        {status}
      </p>
    </div>
  );
}

/** /verify-email?token=: confirms the address as the page opens; a used or old link offers a new one. */
export function VerifyEmailPage() {
  const t = useT();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmail();
  const account = useAccount();
  const { mutate } = verify;
  const started = useRef<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('auth.verifyTitle'));

  useEffect(() => {
    // Once per token: a token works a single time, so a second call would report it invalid.
    if (!token || started.current === token) return;
    started.current = token;
    mutate(token);
  }, [token, mutate]);

  const settled = !token || verify.isSuccess || verify.isError;
  useEffect(() => {
    if (settled) heading.current?.focus();
  }, [settled]);

  const invalid = !token || fieldsAtFault(verify.error).has('token');
  // An old or used link of an address that is confirmed by now: nothing left to do.
  const already = settled && !verify.isSuccess && invalid && account.data?.emailVerified === true;
  const done = verify.isSuccess || already;
  const title = !settled
    ? t('auth.verifyTitle')
    : done
      ? t('auth.verifiedTitle')
      : invalid
        ? t('auth.verifyInvalidTitle')
        : t('errors.title');
  const body = !settled
    ? t('auth.verifying')
    : verify.isSuccess
      ? t('auth.verified')
      : already
        ? t('auth.verifyAlready')
        : !token
          ? t('auth.verifyMissing')
          : invalid
            ? t('auth.verifyInvalid')
            : errorMessage(t, verify.error);

  return (
    <section className="page page--narrow auth" aria-busy={!settled}>
      <h1 className="page__title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p className="auth__status" role="status">
        {body}
      </p>
      {done && (
        <p className="auth__links">
          <Link to="/" className="btn btn--primary">
            {t('auth.continue')}
          </Link>
        </p>
      )}
      {settled && !done && invalid && <NewLink />}
      {settled && !done && !invalid && (
        <p className="auth__links">
          <Button onClick={() => verify.mutate(token)}>{t('app.retry')}</Button>
        </p>
      )}
    </section>
  );
}
