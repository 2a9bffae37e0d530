import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useLogin } from './auth.api.ts';

interface LoginFormProps {
  onDone: () => void;
  initialLogin?: string;
  /** Called as the form is sent, before the session changes. */
  onSubmit?: () => void;
}

/** Email-or-username and password; used by /login and by the "session ended" dialog. */
export function LoginForm({ onDone, initialLogin = '', onSubmit }: LoginFormProps) {
  const t = useT();
  const login = useLogin();
  const [values, setValues] = useState({ login: initialLogin, password: '' });
  const error =
    login.error instanceof ApiError &&
    (login.error.status === 401 || login.error.code === 'VALIDATION_FAILED')
      ? t('auth.badCredentials')
      : login.error
        ? errorMessage(t, login.error)
        : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
    login.mutate({ login: values.login.trim(), password: values.password }, { onSuccess: onDone });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label={t('auth.login')}
        name="login"
        autoComplete="username"
        required
        value={values.login}
        onChange={(e) => setValues((v) => ({ ...v, login: e.target.value }))}
      />
      <TextField
        label={t('auth.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={values.password}
        onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
        error={error}
      />
      <Button type="submit" variant="primary" busy={login.isPending}>
        {login.isPending ? t('auth.loggingIn') : t('auth.logIn')}
      </Button>
    </form>
  );
}
