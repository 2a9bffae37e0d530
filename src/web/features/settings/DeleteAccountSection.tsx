import { useState, type FormEvent } from 'react';
import { PASSWORD_MAX_LENGTH } from '../../../contract/rules.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/Field.tsx';
import { fieldsAtFault } from '../auth/auth.rules.ts';
import { useDeleteAccount } from './settings.api.ts';
import { FormStatus, SettingsSection } from './SettingsParts.tsx';

/** The danger zone: deleting the account, confirmed with the password in a dialog. */
export function DeleteAccountSection({ onDeleted }: { onDeleted: () => void }) {
  const t = useT();
  const remove = useDeleteAccount();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  const wrong = refused !== null && refused === password && fieldsAtFault(remove.error).has('password');
  const passwordError =
    attempted && password === ''
      ? t('settings.delete.passwordMissing')
      : wrong
        ? t('settings.delete.wrongPassword')
        : undefined;
  const failed = remove.isError && !fieldsAtFault(remove.error).has('password') ? remove.error : undefined;

  const close = () => {
    if (remove.isPending) return;
    setOpen(false);
    setPassword('');
    setAttempted(false);
    remove.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (password === '') return;
    const sent = password;
    remove.mutate(sent, { onSuccess: onDeleted, onError: () => setRefused(sent) });
  };

  return (
    <SettingsSection
      id="settings-delete"
      title={t('settings.delete.title')}
      intro={t('settings.delete.intro')}
      danger
    >
      <div className="settings-actions">
        <Button variant="danger" onClick={() => setOpen(true)}>
          {t('settings.delete.open')}
        </Button>
      </div>
      <Dialog open={open} title={t('settings.delete.dialogTitle')} onClose={close}>
        <form className="settings-form" onSubmit={submit} noValidate>
          <p>{t('settings.delete.dialogBody')}</p>
          <TextField
            label={t('settings.delete.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            maxLength={PASSWORD_MAX_LENGTH}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={passwordError}
          />
          <FormStatus failed={failed ? errorMessage(t, failed) : undefined} />
          <div className="dialog__actions">
            <Button onClick={close} disabled={remove.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" variant="danger" busy={remove.isPending}>
              {remove.isPending ? t('settings.delete.deleting') : t('settings.delete.confirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </SettingsSection>
  );
}
