import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { UpdateMeBody } from '../../../contract/auth.ts';
import {
  BIO_MAX_LENGTH,
  CITY_MAX_LENGTH,
  DANCE_LEVEL_MAX,
  DISPLAY_NAME_MAX_LENGTH,
  TANGO_ROLES,
  type TangoRole,
} from '../../../contract/rules.ts';
import type { PublicUser } from '../../../contract/users.ts';
import { currentLocale, useT, type MessageKey } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { useSession } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextArea, TextField } from '../../ui/Field.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { toast } from '../../ui/toast.tsx';
import { useUpdateProfile } from './auth.api.ts';
import { fieldsAtFault, isCountryCode, isValidDisplayName, parseLanguageCodes } from './auth.rules.ts';
import { useRefusal } from './AuthFields.tsx';
import './auth.css';

/** The languages most tango dancers list; any other goes in by its ISO code. */
const COMMON_LANGUAGES = ['es', 'en', 'pt', 'it', 'fr', 'de'] as const;
const LEVELS = Array.from({ length: DANCE_LEVEL_MAX + 1 }, (_, i) => i);
type DanceAs = '' | 'leader' | 'follower' | 'both';

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
}

function initialValues(user: PublicUser): Values {
  const common = new Set<string>(COMMON_LANGUAGES);
  const known = user.languages.length > 0 ? user.languages : [currentLocale()];
  const leads = user.leaderLevel !== null;
  const follows = user.followerLevel !== null;
  return {
    displayName: user.displayName,
    city: user.city ?? '',
    country: user.country ?? '',
    bio: user.bio,
    roles: user.roles,
    danceAs: leads && follows ? 'both' : leads ? 'leader' : follows ? 'follower' : '',
    leaderLevel: user.leaderLevel?.toString() ?? '',
    followerLevel: user.followerLevel?.toString() ?? '',
    languages: known.filter((l) => common.has(l)),
    otherLanguages: known.filter((l) => !common.has(l)).join(', '),
  };
}

/** Only what the dancer filled in (and a changed name): an empty field leaves the profile as it is. */
function bodyOf(values: Values, user: PublicUser): UpdateMeBody {
  const body: UpdateMeBody = {};
  const name = values.displayName.trim();
  if (name && name !== user.displayName) body.displayName = name;
  if (values.city.trim()) body.city = values.city.trim();
  if (values.country) body.country = values.country;
  if (values.bio.trim()) body.bio = values.bio.trim();
  if (values.roles.length > 0) body.roles = TANGO_ROLES.filter((r) => values.roles.includes(r));
  if (values.roles.includes('dancer')) {
    const leads = values.danceAs === 'leader' || values.danceAs === 'both';
    const follows = values.danceAs === 'follower' || values.danceAs === 'both';
    if (leads && values.leaderLevel !== '') body.leaderLevel = Number(values.leaderLevel);
    if (follows && values.followerLevel !== '') body.followerLevel = Number(values.followerLevel);
  }
  const languages = [...new Set([...values.languages, ...parseLanguageCodes(values.otherLanguages).codes])];
  if (languages.length > 0) body.languages = languages;
  return body;
}

function displayNames(type: 'language' | 'region'): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames([currentLocale()], { type });
  } catch {
    return undefined;
  }
}

/** "portugués" → "Portugués": names shown as list items start with a capital. */
function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase(currentLocale()) + text.slice(1);
}

/** A group of choices (checkboxes or radios) drawn as chips, under a legend. */
function Choices({ legend, hint, children }: { legend: string; hint?: string; children: ReactNode }) {
  const hintId = useId();
  return (
    <fieldset className="auth-choices" aria-describedby={hint ? hintId : undefined}>
      <legend className="field__label">{legend}</legend>
      {hint && (
        <p id={hintId} className="auth-choices__hint">
          {hint}
        </p>
      )}
      <div className="auth-choices__list">{children}</div>
    </fieldset>
  );
}

function Chip({
  type,
  name,
  checked,
  onChange,
  children,
}: {
  type: 'checkbox' | 'radio';
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="auth-chip">
      <input
        className="auth-chip__input"
        type={type}
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="auth-chip__text">{children}</span>
    </label>
  );
}

function OnboardingForm({ user }: { user: PublicUser }) {
  const t = useT();
  const navigate = useNavigate();
  const update = useUpdateProfile();
  const refusal = useRefusal<Values>();
  const [values, setValues] = useState<Values>(() => initialValues(user));
  const [attempted, setAttempted] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const toggle = <T extends string>(list: T[], item: T, on: boolean): T[] =>
    on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);

  const languageNames = displayNames('language');
  const regionNames = displayNames('region');
  const countryName = isCountryCode(values.country) ? regionNames?.of(values.country) : undefined;
  const other = parseLanguageCodes(values.otherLanguages);
  const otherNames = other.codes.map((c) => languageNames?.of(c) ?? c).join(', ');
  const isDancer = values.roles.includes('dancer');
  const leads = values.danceAs === 'leader' || values.danceAs === 'both';
  const follows = values.danceAs === 'follower' || values.danceAs === 'both';

  const invalid = {
    displayName: !isValidDisplayName(values.displayName),
    country: values.country !== '' && !isCountryCode(values.country),
    otherLanguages: other.invalid.length > 0,
  };
  const faults = (field: keyof Values) => refusal.faults(field, values);
  const error = (field: keyof typeof invalid, message: string) =>
    (attempted && invalid[field]) || faults(field) ? message : undefined;
  const serverError = (field: keyof Values, message: string) => (faults(field) ? message : undefined);
  const formError = refusal.formError(t, [
    'displayName',
    'city',
    'country',
    'bio',
    'roles',
    'leaderLevel',
    'followerLevel',
    'languages',
  ]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setAttempted(true);
    const firstInvalid = (Object.keys(invalid) as (keyof typeof invalid)[]).find((f) => invalid[f]);
    if (firstInvalid) {
      e.currentTarget.querySelector<HTMLElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }
    const body = bodyOf(values, user);
    if (Object.keys(body).length === 0) {
      void navigate('/', { replace: true });
      return;
    }
    const sent = { ...values };
    refusal.clear();
    update.mutate(body, {
      onSuccess: () => {
        toast(t('onboarding.saved'));
        void navigate('/', { replace: true });
      },
      onError: (err) => {
        refusal.refuse(err, sent);
        const named = fieldsAtFault(err);
        const field = named.has('languages') ? 'otherLanguages' : [...named][0];
        if (field) document.querySelector<HTMLElement>(`form [name="${field}"]`)?.focus();
      },
    });
  };

  return (
    <form className="auth__form auth-onboarding" onSubmit={submit} noValidate>
      <section className="auth-section">
        <h2 className="auth-section__title">{t('onboarding.aboutYou')}</h2>
        <TextField
          label={t('auth.displayName')}
          name="displayName"
          autoComplete="name"
          maxLength={DISPLAY_NAME_MAX_LENGTH}
          required
          value={values.displayName}
          onChange={(e) => set('displayName', e.target.value)}
          hint={t('auth.displayNameHint', { max: DISPLAY_NAME_MAX_LENGTH })}
          error={error('displayName', t('auth.displayNameInvalid', { max: DISPLAY_NAME_MAX_LENGTH }))}
        />
        <div className="auth-row">
          <TextField
            label={t('onboarding.city')}
            name="city"
            autoComplete="address-level2"
            maxLength={CITY_MAX_LENGTH}
            value={values.city}
            onChange={(e) => set('city', e.target.value)}
            hint={t('onboarding.cityHint')}
            error={serverError('city', t('onboarding.cityInvalid', { max: CITY_MAX_LENGTH }))}
          />
          <TextField
            label={t('onboarding.country')}
            name="country"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={2}
            value={values.country}
            onChange={(e) => set('country', e.target.value.toUpperCase().replace(/[^A-Z]/g, ''))}
            hint={countryName && countryName !== values.country ? countryName : t('onboarding.countryHint')}
            error={error('country', t('onboarding.countryInvalid'))}
          />
        </div>
        <TextArea
          label={t('onboarding.bio')}
          name="bio"
          maxLength={BIO_MAX_LENGTH}
          rows={4}
          value={values.bio}
          placeholder={t('onboarding.bioPlaceholder')}
          onChange={(e) => set('bio', e.target.value)}
          hint={t('onboarding.bioHint', { used: values.bio.length, max: BIO_MAX_LENGTH })}
          error={serverError('bio', t('onboarding.bioInvalid', { max: BIO_MAX_LENGTH }))}
        />
      </section>

      <section className="auth-section">
        <h2 className="auth-section__title">{t('onboarding.yourTango')}</h2>
        <Choices legend={t('onboarding.roles')} hint={t('onboarding.rolesHint')}>
          {TANGO_ROLES.map((role) => (
            <Chip
              key={role}
              type="checkbox"
              name="roles"
              checked={values.roles.includes(role)}
              onChange={(on) => set('roles', toggle(values.roles, role, on))}
            >
              {t(`onboarding.role.${role}`)}
            </Chip>
          ))}
        </Choices>
        {isDancer && (
          <div className="auth-dancer">
            <Choices legend={t('onboarding.danceAs')}>
              {(['leader', 'follower', 'both'] as const).map((as) => (
                <Chip
                  key={as}
                  type="radio"
                  name="danceAs"
                  checked={values.danceAs === as}
                  onChange={(on) => on && set('danceAs', as)}
                >
                  {t(`onboarding.danceAsOption.${as}`)}
                </Chip>
              ))}
            </Choices>
            {leads && (
              <LevelSelect
                label={t('onboarding.leaderLevel')}
                name="leaderLevel"
                value={values.leaderLevel}
                onChange={(v) => set('leaderLevel', v)}
                refused={faults('leaderLevel')}
              />
            )}
            {follows && (
              <LevelSelect
                label={t('onboarding.followerLevel')}
                name="followerLevel"
                value={values.followerLevel}
                onChange={(v) => set('followerLevel', v)}
                refused={faults('followerLevel')}
              />
            )}
          </div>
        )}
      </section>

      <section className="auth-section">
        <h2 className="auth-section__title">{t('onboarding.languagesTitle')}</h2>
        <Choices legend={t('onboarding.languages')}>
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
          label={t('onboarding.otherLanguages')}
          name="otherLanguages"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={values.otherLanguages}
          onChange={(e) => set('otherLanguages', e.target.value)}
          hint={otherNames ? capitalised(otherNames) : t('onboarding.otherLanguagesHint')}
          error={error('otherLanguages', t('onboarding.otherLanguagesInvalid'))}
        />
      </section>

      <div className="auth-onboarding__end">
        <p className="auth__form-error" role="alert">
          {formError ?? ''}
        </p>
        <div className="auth__actions auth__actions--row">
          <Button type="submit" variant="primary" busy={update.isPending || update.isSuccess}>
            {update.isPending ? t('app.saving') : t('onboarding.save')}
          </Button>
          <Link to="/" replace className="btn btn--ghost">
            {t('onboarding.skip')}
          </Link>
        </div>
      </div>
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
      hint={t('onboarding.levelHint')}
      error={refused ? t('onboarding.levelInvalid') : undefined}
    >
      <option value="">{t('onboarding.levelUnset')}</option>
      {LEVELS.map((level) => (
        <option key={level} value={String(level)}>
          {`${level} · ${t(`onboarding.level.l${level}` as MessageKey)}`}
        </option>
      ))}
    </SelectField>
  );
}

function Onboarding() {
  const t = useT();
  const state = useSession();
  // The form keeps the dancer it started with, so an expired session (the shell asks to log in again)
  // does not wipe what was typed.
  const [user] = useState(() => (state.status === 'signedIn' ? state.user : null));
  const name = state.status === 'signedIn' ? state.user.displayName : (user?.displayName ?? '');
  if (!user) return <Skeleton lines={10} className="skeleton--page" />;
  return (
    <section className="page auth auth--wide">
      <header className="auth__header">
        <h1 className="page__title">{t('onboarding.title', { name })}</h1>
        <p className="auth__intro">{t('onboarding.intro')}</p>
      </header>
      <OnboardingForm user={user} />
    </section>
  );
}

/** /welcome: right after sign-up, a few optional questions that make the profile worth visiting. */
export function OnboardingPage() {
  const t = useT();
  usePageTitle(t('onboarding.pageTitle'));
  return (
    <RequireAuth>
      <Onboarding />
    </RequireAuth>
  );
}
