import { SUPPORTED_LOCALES, type Locale } from '../../../contract/locales.ts';
import { changeLocale, currentLocale, errorMessage, useT } from '../../lib/i18n.ts';
import { applyTheme, type ThemeChoice } from '../../lib/theme.ts';
import { useThemeChoice } from '../../lib/use-theme.ts';
import { Button } from '../../ui/Button.tsx';
import { Choices, RadioChips } from '../../ui/Choices.tsx';
import { useMe, useUpdateMe } from './settings.api.ts';
import { FormStatus, SettingsSection } from './SettingsParts.tsx';

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
        <RadioChips
          name="locale"
          items={SUPPORTED_LOCALES}
          value={locale}
          onChange={(l) => {
            void changeLocale(l);
            save(l);
          }}
        >
          {(l) => <span lang={l}>{LANGUAGE_NAMES[l]}</span>}
        </RadioChips>
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

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const THEME_NAMES = { system: 'app.themeSystem', light: 'app.themeLight', dark: 'app.themeDark' } as const;

/** Theme: light, dark or the system's; on this device only. */
export function ThemeSection() {
  const t = useT();
  const theme = useThemeChoice();
  return (
    <SettingsSection id="settings-theme" title={t('settings.theme.title')} intro={t('settings.theme.intro')}>
      <Choices legend={t('settings.theme.legend')}>
        <RadioChips name="theme" items={THEMES} value={theme} onChange={applyTheme}>
          {(choice) => t(THEME_NAMES[choice])}
        </RadioChips>
      </Choices>
    </SettingsSection>
  );
}
