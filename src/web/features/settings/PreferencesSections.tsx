import { SUPPORTED_LOCALES, type Locale } from '../../../contract/locales.ts';
import { changeLocale, currentLocale, errorMessage, useT } from '../../lib/i18n.ts';
import { applyTheme, type ThemeChoice } from '../../lib/theme.ts';
import { useThemeChoice } from '../../lib/use-theme.ts';
import { Button } from '../../ui/Button.tsx';
import { useMe, useUpdateMe } from './settings.api.ts';
import { Chip, Choices, FormStatus, SettingsSection } from './SettingsParts.tsx';

/** Each language named in itself, as language pickers do. */
const LANGUAGE_NAMES: Record<Locale, string> = { es: 'Español', en: 'English' };

/** A language named inside a sentence of the current language ("en español", "in Spanish"). */
function inSentence(l: Locale): string {
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'language' }).of(l) ?? LANGUAGE_NAMES[l];
  } catch {
    return LANGUAGE_NAMES[l];
  }
}

/**
 * Language: switches the app on this device at once (remembered here) and saves it to the account, so
 * the mail comes in it too.
 */
export function LanguageSection() {
  const t = useT();
  const me = useMe();
  const update = useUpdateMe();
  const locale = currentLocale();
  const save = (next: Locale) => update.mutate({ locale: next });
  const mailLocale = me.data?.locale;

  return (
    <SettingsSection
      id="settings-language"
      title={t('settings.language.title')}
      intro={t('settings.language.intro')}
    >
      <Choices legend={t('settings.language.legend')}>
        {SUPPORTED_LOCALES.map((l) => (
          <Chip
            key={l}
            type="radio"
            name="locale"
            checked={locale === l}
            onChange={(on) => {
              if (!on) return;
              void changeLocale(l);
              save(l);
            }}
          >
            <span lang={l}>{LANGUAGE_NAMES[l]}</span>
          </Chip>
        ))}
      </Choices>
      {mailLocale && mailLocale !== locale && !update.isPending && (
        <div className="settings-actions">
          <p className="settings-section__intro">
            {t('settings.language.mailIn', { language: inSentence(mailLocale) })}
          </p>
          <Button size="sm" onClick={() => save(locale)}>
            {t('settings.language.mailToo', { language: inSentence(locale) })}
          </Button>
        </div>
      )}
      <FormStatus
        saved={update.isSuccess ? t('settings.language.saved', { language: inSentence(locale) }) : undefined}
        failed={
          update.isError ? `${t('settings.language.failed')} ${errorMessage(t, update.error)}` : undefined
        }
      />
    </SettingsSection>
  );
}

/** Theme: light, dark or the system's; on this device only. */
export function ThemeSection() {
  const t = useT();
  const theme = useThemeChoice();
  const choices: { value: ThemeChoice; label: string }[] = [
    { value: 'system', label: t('app.themeSystem') },
    { value: 'light', label: t('app.themeLight') },
    { value: 'dark', label: t('app.themeDark') },
  ];
  return (
    <SettingsSection id="settings-theme" title={t('settings.theme.title')} intro={t('settings.theme.intro')}>
      <Choices legend={t('settings.theme.legend')}>
        {choices.map((c) => (
          <Chip
            key={c.value}
            type="radio"
            name="theme"
            checked={theme === c.value}
            onChange={(on) => on && applyTheme(c.value)}
          >
            {c.label}
          </Chip>
        ))}
      </Choices>
    </SettingsSection>
  );
}
