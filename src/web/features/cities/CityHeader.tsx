import { Link, useLocation } from 'react-router';
import type { City } from '../../../contract/cities.ts';
import { formatCount } from '../../lib/format.ts';
import { currentLocale, errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { toast } from '../../ui/toast.tsx';
import { PinIcon } from '../feed/feed-icons.tsx';
import { countryName } from '../profile/profile-format.ts';
import { useFollowCity } from './cities.api.ts';

/** The city's name and country, how many dancers live in and follow it, and where the viewer stands. */
export function CityHeader({ city }: { city: City }) {
  const t = useT();
  return (
    <header className="city-head">
      <h1 id="city-title" className="city-head__name">
        <PinIcon />
        <span>{city.name}</span>
      </h1>
      {/* Kept when there is no country: the lines below stay where the skeleton drew them. */}
      <p className="city-head__place">{city.country ? countryName(currentLocale(), city.country) : ''}</p>
      <ul className="city-head__counts" aria-label={t('cities.counts')}>
        <li>{t('cities.residents', { count: city.residentCount, n: formatCount(city.residentCount) })}</li>
        <li>{t('cities.visitors', { count: city.visitorCount, n: formatCount(city.visitorCount) })}</li>
      </ul>
      <div className="city-head__actions">
        <Membership city={city} />
      </div>
    </header>
  );
}

function Membership({ city }: { city: City }) {
  const t = useT();
  const { pathname } = useLocation();
  if (!city.viewer) {
    return (
      <Link to={`/login?next=${encodeURIComponent(pathname)}`} className="btn btn--primary">
        {t('cities.logInToFollow')}
      </Link>
    );
  }
  if (city.viewer.resident) return <p className="city-head__home">{t('cities.livesHere')}</p>;
  return <FollowCityButton slug={city.slug} following={city.viewer.following} />;
}

/**
 * Follow city / Following. The new state shows at once (with the visitor count) and a refusal puts it
 * back and says why; clicks while one is on its way are ignored. All three words share one cell, so the
 * button keeps its width; on hover or keyboard focus "Following" reads "Unfollow city", its name.
 */
function FollowCityButton({ slug, following }: { slug: string; following: boolean }) {
  const t = useT();
  const follow = useFollowCity(slug);
  return (
    <Button
      variant={following ? 'secondary' : 'primary'}
      className={`city-follow${following ? ' city-follow--on' : ''}`}
      aria-label={t(following ? 'cities.unfollow' : 'cities.follow')}
      busy={follow.isPending}
      disabled={false}
      onClick={() => {
        if (follow.isPending) return;
        follow.mutate(!following, { onError: (err) => toast(errorMessage(t, err), 'error') });
      }}
    >
      <span className={`city-follow__word${following ? '' : ' city-follow__word--shown'}`}>
        {t('cities.follow')}
      </span>
      <span className={`city-follow__word${following ? ' city-follow__word--shown' : ''}`}>
        {t('cities.following')}
      </span>
      <span className="city-follow__word city-follow__word--undo">{t('cities.unfollow')}</span>
    </Button>
  );
}
