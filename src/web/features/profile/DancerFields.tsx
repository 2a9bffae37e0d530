import { useState } from 'react';
import {
  BIO_MAX_LENGTH,
  CITY_MAX_LENGTH,
  DISPLAY_NAME_MAX_LENGTH,
  TANGO_ROLES,
} from '../../../contract/rules.ts';
import { useT } from '../../lib/i18n.ts';
import { CheckboxChips, Choices, RadioChips } from '../../ui/Choices.tsx';
import { SelectField, TextArea, TextField } from '../../ui/Field.tsx';
import { fieldsAtFault, isCountryCode, parseLanguageCodes } from '../auth/auth.rules.ts';
import { useRefusal } from '../auth/AuthFields.tsx';
import {
  capitalised,
  COMMON_LANGUAGES,
  dancesAs,
  DANCER_FIELDS,
  displayNames,
  invalidFields,
  LEVELS,
  YEARS_MAX,
  type CheckedField,
  type DancerValues,
} from './dancer-form.ts';
import { levelWords } from './profile-format.ts';

// The dancer's profile fields, as onboarding and settings both ask them: each form composes these
// under its own headings and builds its own body from the values.

/**
 * The values, their checks and the server's refusal. `onEdit` runs on every change (settings clears
 * its "saved" line).
 */
export function useDancerForm(start: () => DancerValues, onEdit?: () => void) {
  const refusal = useRefusal<DancerValues>();
  const [values, setValues] = useState<DancerValues>(start);
  const [attempted, setAttempted] = useState(false);
  const invalid = invalidFields(values);
  const faults = (field: keyof DancerValues) => refusal.faults(field, values);
  return {
    values,
    ...dancesAs(values.danceAs),
    set: <K extends keyof DancerValues>(key: K, value: DancerValues[K]) => {
      onEdit?.();
      setValues((v) => ({ ...v, [key]: value }));
    },
    faults,
    /** The message, once the form was sent with the field wrong or while the server refuses it. */
    error: (field: CheckedField, message: string) =>
      (attempted && invalid[field]) || faults(field) ? message : undefined,
    /** The message while the server refuses the field (no check before sending). */
    refused: (field: keyof DancerValues, message: string) => (faults(field) ? message : undefined),
    /** Before sending: marks the form sent, and focuses the first wrong field and says false if any. */
    check: (form: HTMLFormElement): boolean => {
      setAttempted(true);
      const first = (Object.keys(invalid) as CheckedField[]).find((f) => invalid[f]);
      if (first) form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return first === undefined;
    },
    /** Keeps the values being sent, to tell a refusal's field from one changed since. */
    sending: (): DancerValues => {
      refusal.clear();
      return { ...values };
    },
    /** The server refused `sent`: the field it names shows why, and takes the focus. */
    refuse: (err: unknown, sent: DancerValues, form: HTMLFormElement) => {
      refusal.refuse(err, sent);
      const named = fieldsAtFault(err);
      const field = named.has('languages') ? 'otherLanguages' : [...named][0];
      if (field) form.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
    },
    /** A refusal no field explains (rate limit, network). */
    unexplained: (): unknown => refusal.unexplained(DANCER_FIELDS),
  };
}
export type DancerForm = ReturnType<typeof useDancerForm>;

type Props = { form: DancerForm };

export function NameField({ form }: Props) {
  const t = useT();
  return (
    <TextField
      label={t('auth.displayName')}
      name="displayName"
      autoComplete="name"
      maxLength={DISPLAY_NAME_MAX_LENGTH}
      required
      value={form.values.displayName}
      onChange={(e) => form.set('displayName', e.target.value)}
      hint={t('auth.displayNameHint', { max: DISPLAY_NAME_MAX_LENGTH })}
      error={form.error('displayName', t('auth.displayNameInvalid', { max: DISPLAY_NAME_MAX_LENGTH }))}
    />
  );
}

/** City and country code side by side (`className` lays out the row), the country named once known. */
export function PlaceFields({ form, className }: Props & { className: string }) {
  const t = useT();
  const { country } = form.values;
  const countryName = isCountryCode(country) ? displayNames('region')?.of(country) : undefined;
  return (
    <div className={className}>
      <TextField
        label={t('dancer.city')}
        name="city"
        autoComplete="address-level2"
        maxLength={CITY_MAX_LENGTH}
        value={form.values.city}
        onChange={(e) => form.set('city', e.target.value)}
        hint={t('dancer.cityHint')}
        error={form.refused('city', t('dancer.cityInvalid', { max: CITY_MAX_LENGTH }))}
      />
      <TextField
        label={t('dancer.country')}
        name="country"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={2}
        value={country}
        onChange={(e) => form.set('country', e.target.value.toUpperCase().replace(/[^A-Z]/g, ''))}
        hint={countryName && countryName !== country ? countryName : t('dancer.countryHint')}
        error={form.error('country', t('dancer.countryInvalid'))}
      />
    </div>
  );
}

export function BioField({ form }: Props) {
  const t = useT();
  return (
    <TextArea
      label={t('dancer.bio')}
      name="bio"
      maxLength={BIO_MAX_LENGTH}
      rows={4}
      value={form.values.bio}
      placeholder={t('dancer.bioPlaceholder')}
      onChange={(e) => form.set('bio', e.target.value)}
      hint={t('dancer.bioHint', { used: form.values.bio.length, max: BIO_MAX_LENGTH })}
      error={form.refused('bio', t('dancer.bioInvalid', { max: BIO_MAX_LENGTH }))}
    />
  );
}

export function RolesField({ form }: Props) {
  const t = useT();
  return (
    <Choices legend={t('dancer.roles')} hint={t('dancer.rolesHint')}>
      <CheckboxChips
        name="roles"
        items={TANGO_ROLES}
        selected={form.values.roles}
        onChange={(roles) => form.set('roles', roles)}
      >
        {(role) => t(`dancer.role.${role}`)}
      </CheckboxChips>
    </Choices>
  );
}

/** Leader, follower or both; `withNone` adds "Rather not say", to take back an answer given. */
export function DanceAsField({ form, withNone }: Props & { withNone: boolean }) {
  const t = useT();
  const options = withNone
    ? (['leader', 'follower', 'both', 'none'] as const)
    : (['leader', 'follower', 'both'] as const);
  return (
    <Choices legend={t('dancer.danceAs')}>
      <RadioChips
        name="danceAs"
        items={options}
        value={form.values.danceAs}
        onChange={(as) => form.set('danceAs', as)}
      >
        {(as) => t(`dancer.danceAsOption.${as}`)}
      </RadioChips>
    </Choices>
  );
}

/** A level for each role danced (none, nothing). */
export function LevelFields({ form }: Props) {
  const t = useT();
  return (
    <>
      {form.leads && <LevelSelect form={form} field="leaderLevel" label={t('dancer.leaderLevel')} />}
      {form.follows && <LevelSelect form={form} field="followerLevel" label={t('dancer.followerLevel')} />}
    </>
  );
}

function LevelSelect({
  form,
  field,
  label,
}: Props & { field: 'leaderLevel' | 'followerLevel'; label: string }) {
  const t = useT();
  return (
    <SelectField
      label={label}
      name={field}
      value={form.values[field]}
      onChange={(e) => form.set(field, e.target.value)}
      hint={t('dancer.levelHint')}
      error={form.refused(field, t('dancer.levelInvalid'))}
    >
      <option value="">{t('dancer.levelUnset')}</option>
      {LEVELS.map((level) => (
        <option key={level} value={String(level)}>
          {`${level} · ${levelWords(t, level)}`}
        </option>
      ))}
    </SelectField>
  );
}

/** `className` goes to the input (a narrow box for three digits). */
export function YearsField({ form, className }: Props & { className?: string }) {
  const t = useT();
  return (
    <TextField
      label={t('dancer.yearsDancing')}
      name="yearsDancing"
      inputMode="numeric"
      autoComplete="off"
      maxLength={3}
      {...(className ? { className } : {})}
      value={form.values.yearsDancing}
      onChange={(e) => form.set('yearsDancing', e.target.value.replace(/\D/g, ''))}
      hint={t('dancer.yearsDancingHint')}
      error={form.error('yearsDancing', t('dancer.yearsDancingInvalid', { max: YEARS_MAX }))}
    />
  );
}

/** The common languages as chips, any other by its code, named as the dancer types. */
export function LanguageFields({ form }: Props) {
  const t = useT();
  const { languages, otherLanguages } = form.values;
  const languageNames = displayNames('language');
  const otherNames = parseLanguageCodes(otherLanguages)
    .codes.map((c) => languageNames?.of(c) ?? c)
    .join(', ');
  const invalidMessage = t('dancer.otherLanguagesInvalid');
  return (
    <>
      <Choices legend={t('dancer.languages')}>
        <CheckboxChips
          name="languages"
          items={COMMON_LANGUAGES}
          selected={languages}
          onChange={(chosen) => form.set('languages', chosen)}
        >
          {(code) => <span lang={code}>{capitalised(languageNames?.of(code) ?? code)}</span>}
        </CheckboxChips>
      </Choices>
      <TextField
        label={t('dancer.otherLanguages')}
        name="otherLanguages"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={otherLanguages}
        onChange={(e) => form.set('otherLanguages', e.target.value)}
        hint={otherNames ? capitalised(otherNames) : t('dancer.otherLanguagesHint')}
        error={form.error('otherLanguages', invalidMessage) ?? form.refused('languages', invalidMessage)}
      />
    </>
  );
}
