import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Me, UpdateMeBody } from '../../../contract/auth.ts';
import {
  BIO_MAX_LENGTH,
  CITY_MAX_LENGTH,
  DANCE_LEVEL_MAX,
  DISPLAY_NAME_MAX_LENGTH,
  TANGO_ROLES,
  type TangoRole,
} from '../../../contract/rules.ts';
import { currentLocale, errorMessage, useT, type MessageKey } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextArea, TextField } from '../../ui/Field.tsx';
import { isCountryCode, isValidDisplayName, parseLanguageCodes } from '../auth/auth.rules.ts';
import { useUpdateMe } from './settings.api.ts';
import { Chip, Choices, FormStatus, SettingsSection, useRefusal, WithMe } from './SettingsParts.tsx';

// The same fields, choices and words as the onboarding step, plus years dancing; here a field emptied
// is cleared on the profile.

/** The languages most tango dancers list; any other goes in by its ISO code. */
const COMMON_LANGUAGES = ['es', 'en', 'pt', 'it', 'fr', 'de'] as const;
const LEVELS = Array.from({ length: DANCE_LEVEL_MAX + 1 }, (_, i) => i);
const YEARS_MAX = 100;
type DanceAs = 'none' | 'leader' | 'follower' | 'both';

interface Values {
  displayName: string;
  city: string;
  country: string;
  bio: string;
  roles: TangoRole[];
  danceAs: DanceAs;
  leaderLevel: string;
  followerLevel: string;
  languages: string[];
  otherLanguages: string;
  yearsDancing: string;
}

const FIELDS = [
  'displayName',
  'city',
  'country',
  'bio',
  'roles',
  'leaderLevel',
  'followerLevel',
  'languages',
  'yearsDancing',
] as const;

function initialValues(me: Me): Values {
  const common = new Set<string>(COMMON_LANGUAGES);
  const leads = me.leaderLevel !== null;
  const follows = me.followerLevel !== null;
  return {
    displayName: me.displayName,
    city: me.city ?? '',
    country: me.country ?? '',
    bio: me.bio,
    roles: me.roles,
    danceAs: leads && follows ? 'both' : leads ? 'leader' : follows ? 'follower' : 'none',
    leaderLevel: me.leaderLevel?.toString() ?? '',
    followerLevel: me.followerLevel?.toString() ?? '',
    languages: me.languages.filter((l) => common.has(l)),
    otherLanguages: me.languages.filter((l) => !common.has(l)).join(', '),
    yearsDancing: me.yearsDancing?.toString() ?? '',
  };
}

const isYears = (text: string) => text === '' || (/^\d{1,3}$/.test(text) && Number(text) <= YEARS_MAX);

function bodyOf(values: Values): UpdateMeBody {
  const leads = values.danceAs === 'leader' || values.danceAs === 'both';
  const follows = values.danceAs === 'follower' || values.danceAs === 'both';
  return {
    displayName: values.displayName.trim(),
    bio: values.bio.trim(),
    city: values.city.trim() || null,
    country: values.country || null,
    roles: TANGO_ROLES.filter((r) => values.roles.includes(r)),
    leaderLevel: leads && values.leaderLevel !== '' ? Number(values.leaderLevel) : null,
    followerLevel: follows && values.followerLevel !== '' ? Number(values.followerLevel) : null,
    languages: [...new Set([...values.languages, ...parseLanguageCodes(values.otherLanguages).codes])],
    yearsDancing: values.yearsDancing === '' ? null : Number(values.yearsDancing),
  };
}

function displayNames(type: 'language' | 'region'): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames([currentLocale()], { type });
  } catch {
    return undefined;
  }
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase(currentLocale()) + text.slice(1);

function ProfileForm({ me }: { me: Me }) {
  const t = useT();
  const update = useUpdateMe();
  const refusal = useRefusal<Values>();
  const [values, setValues] = useState<Values>(() => initialValues(me));
  const [attempted, setAttempted] = useState(false);
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setSaved(false);
    setValues((v) => ({ ...v, [key]: value }));
  };
  const toggle = <X extends string>(list: X[], item: X, on: boolean): X[] =>
    on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);

  const languageNames = displayNames('language');
  const countryName = isCountryCode(values.country) ? displayNames('region')?.of(values.country) : undefined;
  const other = parseLanguageCodes(values.otherLanguages);
  const otherNames = other.codes.map((c) => languageNames?.of(c) ?? c).join(', ');
  const leads = values.danceAs === 'leader' || values.danceAs === 'both';
  const follows = values.danceAs === 'follower' || values.danceAs === 'both';

  const invalid = {
    displayName: !isValidDisplayName(values.displayName),
    country: values.country !== '' && !isCountryCode(values.country),
    otherLanguages: other.invalid.length > 0,
    yearsDancing: !isYears(values.yearsDancing),
  };
  const faults = (field: keyof Values) => refusal.faults(field, values);
  const error = (field: keyof typeof invalid, message: string) =>
    (attempted && invalid[field]) || faults(field) ? message : undefined;
  const refused = (field: keyof Values, message: string) => (faults(field) ? message : undefined);
  const unexplained = refusal.unexplained(FIELDS);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setAttempted(true);
    setSaved(false);
    const firstInvalid = (Object.keys(invalid) as (keyof typeof invalid)[]).find((f) => invalid[f]);
    if (firstInvalid) {
      e.currentTarget.querySelector<HTMLElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }
    const sent = { ...values };
    refusal.clear();
    update.mutate(bodyOf(values), {
      onSuccess: () => setSaved(true),
      onError: (err) => refusal.refuse(err, sent),
    });
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="settings-profile-title">
      <TextField
        label={t('settings.profile.displayName')}
        name="displayName"
        autoComplete="name"
        maxLength={DISPLAY_NAME_MAX_LENGTH}
        required
        value={values.displayName}
        onChange={(e) => set('displayName', e.target.value)}
        hint={t('settings.profile.displayNameHint', { max: DISPLAY_NAME_MAX_LENGTH })}
        error={error(
          'displayName',
          t('settings.profile.displayNameInvalid', { max: DISPLAY_NAME_MAX_LENGTH }),
        )}
      />
      <TextArea
        label={t('settings.profile.bio')}
        name="bio"
        maxLength={BIO_MAX_LENGTH}
        rows={4}
        value={values.bio}
        placeholder={t('settings.profile.bioPlaceholder')}
        onChange={(e) => set('bio', e.target.value)}
        hint={t('settings.profile.bioHint', { used: values.bio.length, max: BIO_MAX_LENGTH })}
        error={refused('bio', t('settings.profile.bioInvalid', { max: BIO_MAX_LENGTH }))}
      />
      <div className="settings-row">
        <TextField
          label={t('settings.profile.city')}
          name="city"
          autoComplete="address-level2"
          maxLength={CITY_MAX_LENGTH}
          value={values.city}
          onChange={(e) => set('city', e.target.value)}
          hint={t('settings.profile.cityHint')}
          error={refused('city', t('settings.profile.cityInvalid', { max: CITY_MAX_LENGTH }))}
        />
        <TextField
          label={t('settings.profile.country')}
          name="country"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={2}
          value={values.country}
          onChange={(e) => set('country', e.target.value.toUpperCase().replace(/[^A-Z]/g, ''))}
          hint={
            countryName && countryName !== values.country ? countryName : t('settings.profile.countryHint')
          }
          error={error('country', t('settings.profile.countryInvalid'))}
        />
      </div>

      <Choices legend={t('settings.profile.roles')} hint={t('settings.profile.rolesHint')}>
        {TANGO_ROLES.map((role) => (
          <Chip
            key={role}
            type="checkbox"
            name="roles"
            checked={values.roles.includes(role)}
            onChange={(on) => set('roles', toggle(values.roles, role, on))}
          >
            {t(`settings.profile.role.${role}`)}
          </Chip>
        ))}
      </Choices>

      <Choices legend={t('settings.profile.danceAs')}>
        {(['leader', 'follower', 'both', 'none'] as const).map((as) => (
          <Chip
            key={as}
            type="radio"
            name="danceAs"
            checked={values.danceAs === as}
            onChange={(on) => on && set('danceAs', as)}
          >
            {t(`settings.profile.danceAsOption.${as}`)}
          </Chip>
        ))}
      </Choices>
      {(leads || follows) && (
        <div className="settings-row">
          {leads && (
            <LevelSelect
              label={t('settings.profile.leaderLevel')}
              name="leaderLevel"
              value={values.leaderLevel}
              onChange={(v) => set('leaderLevel', v)}
              refused={faults('leaderLevel')}
            />
          )}
          {follows && (
            <LevelSelect
              label={t('settings.profile.followerLevel')}
              name="followerLevel"
              value={values.followerLevel}
              onChange={(v) => set('followerLevel', v)}
              refused={faults('followerLevel')}
            />
          )}
        </div>
      )}
      <TextField
        label={t('settings.profile.yearsDancing')}
        name="yearsDancing"
        inputMode="numeric"
        autoComplete="off"
        maxLength={3}
        className="field__control settings-years"
        value={values.yearsDancing}
        onChange={(e) => set('yearsDancing', e.target.value.replace(/\D/g, ''))}
        hint={t('settings.profile.yearsDancingHint')}
        error={error('yearsDancing', t('settings.profile.yearsDancingInvalid', { max: YEARS_MAX }))}
      />

      <Choices legend={t('settings.profile.languages')}>
        {COMMON_LANGUAGES.map((code) => (
          <Chip
            key={code}
            type="checkbox"
            name="languages"
            checked={values.languages.includes(code)}
            onChange={(on) => set('languages', toggle(values.languages, code, on))}
          >
            <span lang={code}>{capitalised(languageNames?.of(code) ?? code)}</span>
          </Chip>
        ))}
      </Choices>
      <TextField
        label={t('settings.profile.otherLanguages')}
        name="otherLanguages"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={values.otherLanguages}
        onChange={(e) => set('otherLanguages', e.target.value)}
        hint={otherNames ? capitalised(otherNames) : t('settings.profile.otherLanguagesHint')}
        error={
          error('otherLanguages', t('settings.profile.otherLanguagesInvalid')) ??
          refused('languages', t('settings.profile.otherLanguagesInvalid'))
        }
      />

      <div className="settings-actions">
        <Button type="submit" variant="primary" busy={update.isPending}>
          {update.isPending ? t('app.saving') : t('settings.profile.save')}
        </Button>
        <Link to={`/u/${encodeURIComponent(me.username)}`} className="btn btn--ghost">
          {t('settings.profile.view')}
        </Link>
      </div>
      <FormStatus
        saved={saved ? t('settings.profile.saved') : undefined}
        failed={unexplained ? errorMessage(t, unexplained) : undefined}
      />
    </form>
  );
}

function LevelSelect({
  label,
  name,
  value,
  onChange,
  refused,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  refused: boolean;
}) {
  const t = useT();
  return (
    <SelectField
      label={label}
      name={name}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      hint={t('settings.profile.levelHint')}
      error={refused ? t('settings.profile.levelInvalid') : undefined}
    >
      <option value="">{t('settings.profile.levelUnset')}</option>
      {LEVELS.map((level) => (
        <option key={level} value={String(level)}>
          {`${level} · ${t(`settings.profile.level.l${level}` as MessageKey)}`}
        </option>
      ))}
    </SelectField>
  );
}

/** Profile: what other dancers see. */
export function ProfileSection() {
  const t = useT();
  return (
    <SettingsSection
      id="settings-profile"
      title={t('settings.profile.title')}
      intro={t('settings.profile.intro')}
    >
      <WithMe form="profile">{(me) => <ProfileForm me={me} />}</WithMe>
    </SettingsSection>
  );
}
