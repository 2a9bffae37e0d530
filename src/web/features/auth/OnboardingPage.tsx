import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { UpdateMeBody } from '../../../contract/auth.ts';
import type { PublicUser } from '../../../contract/users.ts';
import { currentLocale, errorMessage, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { useSession } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { toast } from '../../ui/toast.tsx';
import { initialValues, languagesOf, levelsOf, rolesOf, type DancerValues } from '../profile/dancer-form.ts';
import * as Dancer from '../profile/DancerFields.tsx';
import { useUpdateProfile } from './auth.api.ts';
import './auth.css';

/** Only what the dancer filled in (and a changed name): an empty field leaves the profile as it is. */
function bodyOf(values: DancerValues, user: PublicUser): UpdateMeBody {
  const body: UpdateMeBody = {};
  const name = values.displayName.trim();
  if (name && name !== user.displayName) body.displayName = name;
  if (values.city.trim()) body.city = values.city.trim();
  if (values.country) body.country = values.country;
  if (values.bio.trim()) body.bio = values.bio.trim();
  const roles = rolesOf(values);
  if (roles.length > 0) body.roles = roles;
  if (roles.includes('dancer')) {
    const { leaderLevel, followerLevel } = levelsOf(values);
    if (leaderLevel !== null) body.leaderLevel = leaderLevel;
    if (followerLevel !== null) body.followerLevel = followerLevel;
  }
  const languages = languagesOf(values);
  if (languages.length > 0) body.languages = languages;
  return body;
}

function OnboardingForm({ user }: { user: PublicUser }) {
  const t = useT();
  const navigate = useNavigate();
  const update = useUpdateProfile();
  // A newcomer who listed no language is offered the one the app speaks to them in.
  const dancer = Dancer.useDancerForm(() =>
    initialValues(user.languages.length > 0 ? user : { ...user, languages: [currentLocale()] }),
  );
  const unexplained = dancer.unexplained();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (!dancer.check(form)) return;
    const body = bodyOf(dancer.values, user);
    if (Object.keys(body).length === 0) {
      void navigate('/', { replace: true });
      return;
    }
    const sent = dancer.sending();
    update.mutate(body, {
      onSuccess: () => {
        toast(t('onboarding.saved'));
        void navigate('/', { replace: true });
      },
      onError: (err) => dancer.refuse(err, sent, form),
    });
  };

  return (
    <form className="auth__form auth-onboarding" onSubmit={submit} noValidate>
      <section className="auth-section">
        <h2 className="auth-section__title">{t('onboarding.aboutYou')}</h2>
        <Dancer.NameField form={dancer} />
        <Dancer.PlaceFields form={dancer} className="auth-row" />
        <Dancer.BioField form={dancer} />
      </section>

      <section className="auth-section">
        <h2 className="auth-section__title">{t('onboarding.yourTango')}</h2>
        <Dancer.RolesField form={dancer} />
        {dancer.values.roles.includes('dancer') && (
          <div className="auth-dancer">
            <Dancer.DanceAsField form={dancer} withNone={false} />
            <Dancer.LevelFields form={dancer} />
          </div>
        )}
      </section>

      <section className="auth-section">
        <h2 className="auth-section__title">{t('onboarding.languagesTitle')}</h2>
        <Dancer.LanguageFields form={dancer} />
      </section>

      <div className="auth-onboarding__end">
        <p className="auth__form-error" role="alert">
          {unexplained === undefined ? '' : errorMessage(t, unexplained)}
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
