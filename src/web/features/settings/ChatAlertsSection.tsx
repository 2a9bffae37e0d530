import { useT } from '../../lib/i18n.ts';
import { Chip, Choices } from '../../ui/Choices.tsx';
import { setChatAlerts, useChatAlerts } from '../chat/chat-alerts.ts';
import { SettingsSection } from './SettingsParts.tsx';

/** New messages while Abrazo is in the background: a tone and a count in the tab's title, or neither. */
export function ChatAlertsSection() {
  const t = useT();
  const on = useChatAlerts();
  return (
    <SettingsSection
      id="settings-chat-alerts"
      title={t('settings.chatAlerts.title')}
      intro={t('settings.chatAlerts.intro')}
    >
      <Choices legend={t('settings.chatAlerts.legend')}>
        <Chip type="checkbox" name="chatAlerts" checked={on} onChange={setChatAlerts}>
          {t('settings.chatAlerts.label')}
        </Chip>
      </Choices>
    </SettingsSection>
  );
}
