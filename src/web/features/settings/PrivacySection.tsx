import { useId, useState, type FormEvent } from 'react';
import type { DirectMessages, Me } from '../../../contract/auth.ts';
import { DIRECT_MESSAGES_VALUES } from '../../../contract/rules.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { useUpdateMe } from './settings.api.ts';
import { FormStatus, SettingsSection, WithMe } from './SettingsParts.tsx';

function PrivacyForm({ me }: { me: Me }) {
  const t = useT();
  const update = useUpdateMe();
  const presenceHint = useId();
  const [directMessages, setDirectMessages] = useState<DirectMessages>(me.directMessages);
  const [showPresence, setShowPresence] = useState(me.showPresence);
  const [saved, setSaved] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    update.mutate({ directMessages, showPresence }, { onSuccess: () => setSaved(true) });
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="settings-privacy-title">
      <fieldset className="choices">
        <legend className="field__label">{t('settings.privacy.directMessages')}</legend>
        <div className="settings-options">
          {DIRECT_MESSAGES_VALUES.map((value) => (
            <label key={value} className="settings-option">
              <input
                type="radio"
                name="directMessages"
                value={value}
                checked={directMessages === value}
                aria-describedby={`settings-dm-${value}`}
                onChange={() => {
                  setSaved(false);
                  setDirectMessages(value);
                }}
              />
              <span className="settings-option__text">
                <span className="settings-option__label">{t(`settings.privacy.dm.${value}`)}</span>
                <span id={`settings-dm-${value}`} className="settings-option__hint">
                  {t(`settings.privacy.dmHint.${value}`)}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="settings-option">
        <input
          type="checkbox"
          name="showPresence"
          checked={showPresence}
          aria-describedby={presenceHint}
          onChange={(e) => {
            setSaved(false);
            setShowPresence(e.target.checked);
          }}
        />
        <span className="settings-option__text">
          <span className="settings-option__label">{t('settings.privacy.showPresence')}</span>
          <span id={presenceHint} className="settings-option__hint">
            {t('settings.privacy.showPresenceHint')}
          </span>
        </span>
      </label>
      <div className="settings-actions">
        <Button type="submit" variant="primary" busy={update.isPending}>
          {update.isPending ? t('app.saving') : t('app.save')}
        </Button>
      </div>
      <FormStatus
        saved={saved ? t('settings.privacy.saved') : undefined}
        failed={update.isError ? errorMessage(t, update.error) : undefined}
      />
    </form>
  );
}

/** Privacy: who may start a conversation, and whether friends see you online. */
export function PrivacySection() {
  const t = useT();
  return (
    <SettingsSection
      id="settings-privacy"
      title={t('settings.privacy.title')}
      intro={t('settings.privacy.intro')}
    >
      <WithMe form="privacy">{(me) => <PrivacyForm me={me} />}</WithMe>
    </SettingsSection>
  );
}
