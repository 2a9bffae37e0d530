import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Me, UpdateMeBody } from '../../../contract/auth.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { initialValues, languagesOf, levelsOf, rolesOf, type DancerValues } from '../profile/dancer-form.ts';
import * as Dancer from '../profile/DancerFields.tsx';
import { useUpdateMe } from './settings.api.ts';
import { FormStatus, SettingsSection, WithMe } from './SettingsParts.tsx';

/** Every field: one emptied is cleared on the profile. */
function bodyOf(values: DancerValues): UpdateMeBody {
  return {
    displayName: values.displayName.trim(),
    bio: values.bio.trim(),
    city: values.city.trim() || null,
    country: values.country || null,
    roles: rolesOf(values),
    ...levelsOf(values),
    languages: languagesOf(values),
    yearsDancing: values.yearsDancing === '' ? null : Number(values.yearsDancing),
  };
}

function ProfileForm({ me }: { me: Me }) {
  const t = useT();
  const update = useUpdateMe();
  const [saved, setSaved] = useState(false);
  const dancer = Dancer.useDancerForm(
    () => initialValues(me),
    () => setSaved(false),
  );
  const unexplained = dancer.unexplained();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setSaved(false);
    if (!dancer.check(form)) return;
    const sent = dancer.sending();
    update.mutate(bodyOf(dancer.values), {
      onSuccess: () => setSaved(true),
      onError: (err) => dancer.refuse(err, sent, form),
    });
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="settings-profile-title">
      <Dancer.NameField form={dancer} />
      <Dancer.BioField form={dancer} />
      <Dancer.PlaceFields form={dancer} className="settings-row" />
      <Dancer.RolesField form={dancer} />
      <Dancer.DanceAsField form={dancer} withNone />
      {(dancer.leads || dancer.follows) && (
        <div className="settings-row">
          <Dancer.LevelFields form={dancer} />
        </div>
      )}
      <Dancer.YearsField form={dancer} className="field__control settings-years" />
      <Dancer.LanguageFields form={dancer} />

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
        failed={unexplained === undefined ? undefined : errorMessage(t, unexplained)}
      />
    </form>
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
