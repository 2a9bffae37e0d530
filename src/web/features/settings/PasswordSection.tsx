import { useState, type FormEvent } from 'react';
import { isLongEnoughPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../contract/rules.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useChangePassword } from './settings.api.ts';
import { useRefusal } from '../auth/AuthFields.tsx';
import { FormStatus, SettingsSection } from './SettingsParts.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
}
const EMPTY: Values = { currentPassword: '', newPassword: '' };

/** Password: the current one and a new one; the server signs the other devices out. */
export function PasswordSection() {
  const t = useT();
  const change = useChangePassword();
  const refusal = useRefusal<Values>();
  const [values, setValues] = useState<Values>(EMPTY);
  const [attempted, setAttempted] = useState(false);
  const [saved, setSaved] = useState(false);
  const [leftNew, setLeftNew] = useState(false);
  const set = (key: keyof Values, value: string) => {
    setSaved(false);
    setValues((v) => ({ ...v, [key]: value }));
  };

  const tooShort = !isLongEnoughPassword(values.newPassword);
  const missingCurrent = values.currentPassword === '';
  const currentError =
    (attempted && missingCurrent) || refusal.faults('currentPassword', values)
      ? missingCurrent
        ? t('settings.password.currentMissing')
        : t('settings.password.wrong')
      : undefined;
  // The length rule once they left the field (or tried to send); it clears as soon as it is met.
  const newError =
    ((values.newPassword !== '' && leftNew) || attempted) && tooShort
      ? t('settings.password.tooShort', { min: PASSWORD_MIN_LENGTH })
      : refusal.faults('newPassword', values)
        ? t('settings.password.refused')
        : undefined;
  const unexplained = refusal.unexplained(['currentPassword', 'newPassword']);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setAttempted(true);
    setSaved(false);
    if (missingCurrent || tooShort) {
      e.currentTarget
        .querySelector<HTMLElement>(`[name="${missingCurrent ? 'currentPassword' : 'newPassword'}"]`)
        ?.focus();
      return;
    }
    const sent = { ...values };
    refusal.clear();
    change.mutate(sent, {
      onSuccess: () => {
        setValues(EMPTY);
        setAttempted(false);
        setLeftNew(false);
        setSaved(true);
      },
      onError: (err) => refusal.refuse(err, sent),
    });
  };

  return (
    <SettingsSection
      id="settings-password"
      title={t('settings.password.title')}
      intro={t('settings.password.intro')}
    >
      <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="settings-password-title">
        <TextField
          label={t('settings.password.current')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          maxLength={PASSWORD_MAX_LENGTH}
          required
          value={values.currentPassword}
          onChange={(e) => set('currentPassword', e.target.value)}
          error={currentError}
        />
        <TextField
          label={t('settings.password.new')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          maxLength={PASSWORD_MAX_LENGTH}
          required
          value={values.newPassword}
          onChange={(e) => set('newPassword', e.target.value)}
          onBlur={() => setLeftNew(true)}
          hint={t('settings.password.newHint', { min: PASSWORD_MIN_LENGTH })}
          error={newError}
        />
        <div className="settings-actions">
          <Button type="submit" variant="primary" busy={change.isPending}>
            {change.isPending ? t('app.saving') : t('settings.password.submit')}
          </Button>
        </div>
        <FormStatus
          saved={saved ? t('settings.password.saved') : undefined}
          failed={unexplained ? errorMessage(t, unexplained) : undefined}
        />
      </form>
    </SettingsSection>
  );
}
