import { useState, type FormEvent } from 'react';
import type { Me } from '../../../contract/auth.ts';
import { PASSWORD_MAX_LENGTH } from '../../../contract/rules.ts';
import { ApiError } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { looksLikeEmail } from '../auth/auth.rules.ts';
import { EmailField, useRefusal } from '../auth/AuthFields.tsx';
import { useChangeEmail, useResendVerification } from './settings.api.ts';
import { FormStatus, SettingsSection, WithMe } from './SettingsParts.tsx';

/** The address on the account, whether it is verified, and a new link when it is not. */
function CurrentEmail({ me }: { me: Me }) {
  const t = useT();
  const resend = useResendVerification();
  const alreadyVerified = resend.error instanceof ApiError && resend.error.code === 'CONFLICT';
  return (
    <div className="settings-email">
      <p className="settings-email__label">{t('settings.email.current')}</p>
      <p className="settings-email__address">
        <span className="settings-email__value">{me.email}</span>
        <span
          className={`settings-badge${me.emailVerified ? ' settings-badge--ok' : ' settings-badge--warn'}`}
        >
          {me.emailVerified ? t('settings.email.verified') : t('settings.email.unverified')}
        </span>
      </p>
      {!me.emailVerified && (
        <>
          <p className="settings-section__intro">{t('settings.email.unverifiedBody')}</p>
          <div className="settings-actions">
            <Button
              busy={resend.isPending}
              disabled={resend.isPending || resend.isSuccess}
              onClick={() => resend.mutate()}
            >
              {resend.isPending ? t('settings.email.resending') : t('settings.email.resend')}
            </Button>
          </div>
        </>
      )}
      {(!me.emailVerified || resend.isSuccess || resend.isError) && (
        <FormStatus
          saved={
            resend.isSuccess
              ? t('settings.email.resent', { email: me.email })
              : alreadyVerified
                ? t('settings.email.alreadyVerified')
                : undefined
          }
          failed={resend.isError && !alreadyVerified ? errorMessage(t, resend.error) : undefined}
        />
      )}
    </div>
  );
}

interface Values {
  email: string;
  password: string;
}
const EMPTY: Values = { email: '', password: '' };

function ChangeEmailForm({ me }: { me: Me }) {
  const t = useT();
  const change = useChangeEmail();
  const refusal = useRefusal<Values>();
  const [values, setValues] = useState<Values>(EMPTY);
  const [attempted, setAttempted] = useState(false);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const set = (key: keyof Values, value: string) => {
    setMovedTo(null);
    setValues((v) => ({ ...v, [key]: value }));
  };

  const email = values.email.trim();
  const same = email.toLowerCase() === me.email.toLowerCase();
  const taken = refusal.error instanceof ApiError && refusal.error.code === 'CONFLICT';
  const emailProblem =
    email === '' || !looksLikeEmail(email)
      ? t('settings.email.invalid')
      : same
        ? t('settings.email.same')
        : undefined;
  const emailError =
    attempted && emailProblem
      ? emailProblem
      : refusal.faults('email', values)
        ? taken
          ? t('settings.email.taken')
          : t('settings.email.invalid')
        : undefined;
  const passwordError =
    attempted && values.password === ''
      ? t('settings.email.passwordMissing')
      : refusal.faults('password', values)
        ? t('settings.email.wrongPassword')
        : undefined;
  const unexplained = refusal.unexplained(['email', 'password']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setAttempted(true);
    setMovedTo(null);
    if (emailProblem || values.password === '') {
      e.currentTarget.querySelector<HTMLElement>(`[name="${emailProblem ? 'email' : 'password'}"]`)?.focus();
      return;
    }
    const sent = { ...values };
    refusal.clear();
    change.mutate(
      { email, password: values.password },
      {
        onSuccess: (updated) => {
          setValues(EMPTY);
          setAttempted(false);
          setMovedTo(updated.email);
        },
        onError: (err) => refusal.refuse(err, sent),
      },
    );
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="settings-email-change">
      <h3 id="settings-email-change" className="settings-subtitle">
        {t('settings.email.change')}
      </h3>
      <EmailField
        label={t('settings.email.newEmail')}
        value={values.email}
        onChange={(e) => set('email', e.target.value)}
        hint={t('settings.email.newEmailHint')}
        error={emailError}
      />
      <TextField
        label={t('settings.email.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        maxLength={PASSWORD_MAX_LENGTH}
        required
        value={values.password}
        onChange={(e) => set('password', e.target.value)}
        hint={t('settings.email.passwordHint')}
        error={passwordError}
      />
      <div className="settings-actions">
        <Button type="submit" variant="primary" busy={change.isPending}>
          {change.isPending ? t('app.saving') : t('settings.email.submit')}
        </Button>
      </div>
      <FormStatus
        saved={movedTo ? t('settings.email.saved', { email: movedTo }) : undefined}
        failed={unexplained ? errorMessage(t, unexplained) : undefined}
      />
    </form>
  );
}

/** Email: the address, its verification, and moving the account to another one. */
export function EmailSection() {
  const t = useT();
  return (
    <SettingsSection id="settings-email" title={t('settings.email.title')} intro={t('settings.email.intro')}>
      <WithMe form="email">
        {(me) => (
          <>
            {/* A new address starts over: nothing was re-sent to it yet. */}
            <CurrentEmail key={me.email} me={me} />
            <ChangeEmailForm me={me} />
          </>
        )}
      </WithMe>
    </SettingsSection>
  );
}
