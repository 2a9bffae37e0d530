import { useId, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { DISPLAY_NAME_MAX_LENGTH, USERNAME_MAX_LENGTH } from '../../../contract/rules.ts';
import { ApiError } from '../../lib/api.ts';
import { currentLocale, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useSession } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { useSignup } from './auth.api.ts';
import {
  fieldsAtFault,
  isValidDisplayName,
  looksLikeEmail,
  passwordRules,
  usernameRules,
} from './auth.rules.ts';
import { EmailField, NewPasswordField, RuleList, useRefusal } from './AuthFields.tsx';
import './auth.css';

type Values = { email: string; username: string; password: string; displayName: string };
const FIELDS = ['email', 'username', 'password', 'displayName'] as const;
type FieldName = (typeof FIELDS)[number];

/** /signup: the account in four fields, each rule shown as the dancer types; then onboarding. */
export function SignupPage() {
  const t = useT();
  const state = useSession();
  const navigate = useNavigate();
  const signup = useSignup();
  const refusal = useRefusal<Values>();
  const usernameRulesId = useId();
  const [values, setValues] = useState<Values>({ email: '', username: '', password: '', displayName: '' });
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [attempted, setAttempted] = useState(false);
  usePageTitle(t('auth.signUpTitle'));

  if (state.status === 'unknown') return <Skeleton lines={8} className="skeleton--page" />;
  // Already signed in (not by this form, which goes on to onboarding): home.
  if (state.status === 'signedIn' && signup.isIdle) return <Navigate to="/" replace />;

  const username = usernameRules(values.username);
  const password = passwordRules(values.password, values);
  const valid: Record<FieldName, boolean> = {
    email: looksLikeEmail(values.email),
    username: username.valid,
    password: password.valid,
    displayName: isValidDisplayName(values.displayName),
  };
  const conflict = refusal.error instanceof ApiError && refusal.error.code === 'CONFLICT';
  const shows = (field: FieldName) => attempted || (touched[field] && values[field] !== '');

  const errors: Record<Exclude<FieldName, 'password'>, string | undefined> = {
    email: refusal.faults('email', values)
      ? conflict
        ? t('auth.emailTaken')
        : t('auth.emailInvalid')
      : shows('email') && !valid.email
        ? t('auth.emailInvalid')
        : undefined,
    username: refusal.faults('username', values)
      ? conflict
        ? t('auth.usernameTaken')
        : t('auth.usernameInvalid')
      : shows('username') && !valid.username
        ? t('auth.usernameInvalid')
        : undefined,
    displayName:
      refusal.faults('displayName', values) || (shows('displayName') && !valid.displayName)
        ? t('auth.displayNameInvalid', { max: DISPLAY_NAME_MAX_LENGTH })
        : undefined,
  };
  const formError = refusal.formError(t, FIELDS);
  const usernameState = (met: boolean) =>
    met ? ('met' as const) : attempted || errors.username ? ('failed' as const) : ('pending' as const);

  const change = (field: FieldName) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const blur = (field: FieldName) => () => setTouched((v) => ({ ...v, [field]: true }));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setAttempted(true);
    const firstInvalid = FIELDS.find((f) => !valid[f]);
    if (firstInvalid) {
      e.currentTarget.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }
    const sent = { ...values };
    refusal.clear();
    signup.mutate(
      {
        email: sent.email.trim(),
        username: sent.username,
        password: sent.password,
        displayName: sent.displayName.trim(),
        // The welcome and every later mail come in the language the dancer signed up in.
        locale: currentLocale(),
      },
      {
        onSuccess: () => void navigate('/welcome', { replace: true }),
        onError: (err) => {
          refusal.refuse(err, sent);
          const field = FIELDS.find((f) => fieldsAtFault(err).has(f));
          if (field) document.querySelector<HTMLInputElement>(`form [name="${field}"]`)?.focus();
        },
      },
    );
  };

  return (
    <section className="page page--narrow auth">
      <header className="auth__header">
        <h1 className="page__title">{t('auth.signUpTitle')}</h1>
        <p className="auth__intro">{t('auth.signUpIntro')}</p>
      </header>
      <form className="form auth__form" onSubmit={submit} noValidate>
        <EmailField
          label={t('auth.email')}
          value={values.email}
          onChange={(e) => change('email')(e.target.value)}
          onBlur={blur('email')}
          hint={t('auth.emailHint')}
          error={errors.email}
        />
        <div className="auth-field">
          <TextField
            id={`${usernameRulesId}-input`}
            label={t('auth.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={USERNAME_MAX_LENGTH}
            required
            value={values.username}
            onChange={(e) => change('username')(e.target.value)}
            onBlur={blur('username')}
            error={errors.username}
            aria-describedby={`${usernameRulesId}-input-note ${usernameRulesId}`}
          />
          <RuleList
            id={usernameRulesId}
            rules={[
              { label: t('auth.usernameRuleLength'), state: usernameState(username.length) },
              { label: t('auth.usernameRuleCharset'), state: usernameState(username.charset) },
              { label: t('auth.usernameRuleEnds'), state: usernameState(username.ends) },
            ]}
          />
        </div>
        <NewPasswordField
          label={t('auth.password')}
          name="password"
          required
          value={values.password}
          onChange={change('password')}
          personal={values}
          refused={refusal.faults('password', values)}
          attempted={attempted}
        />
        <TextField
          label={t('auth.displayName')}
          name="displayName"
          autoComplete="name"
          maxLength={DISPLAY_NAME_MAX_LENGTH}
          required
          value={values.displayName}
          onChange={(e) => change('displayName')(e.target.value)}
          onBlur={blur('displayName')}
          hint={t('auth.displayNameHint', { max: DISPLAY_NAME_MAX_LENGTH })}
          error={errors.displayName}
        />
        <p className="auth__form-error" role="alert">
          {formError ?? ''}
        </p>
        <Button type="submit" variant="primary" busy={signup.isPending || signup.isSuccess}>
          {signup.isPending ? t('auth.signingUp') : t('auth.signUp')}
        </Button>
      </form>
      <p className="auth__switch">
        {t('auth.haveAccount')} <Link to="/login">{t('auth.logInLink')}</Link>
      </p>
    </section>
  );
}
