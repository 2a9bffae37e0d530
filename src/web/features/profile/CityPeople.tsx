import { Link } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { FollowButton } from './FollowButton.tsx';
import { useCityNewcomers } from './profile.api.ts';
import './profile.css';

/**
 * The desktop right column: the newest dancers of the viewer's city whom they do not follow yet,
 * each with a Follow button; an invitation for visitors and for dancers without a city.
 */
export function CityPeople() {
  const t = useT();
  const state = useSession();
  const city = state.status === 'signedIn' ? state.user.city : null;
  const newcomers = useCityNewcomers(city);

  if (state.status === 'unknown') return null;
  if (state.status === 'signedOut') {
    return (
      <div className="profile-city">
        <h2 className="profile-city__title">{t('profile.city.inviteTitle')}</h2>
        <p className="profile-city__note">{t('profile.city.inviteBody')}</p>
        <Link to="/signup" className="btn btn--primary btn--sm">
          {t('profile.city.inviteAction')}
        </Link>
      </div>
    );
  }
  if (!city) {
    return (
      <div className="profile-city">
        <h2 className="profile-city__title">{t('profile.city.label')}</h2>
        <p className="profile-city__note">{t('profile.city.noCityBody')}</p>
        <Link to="/settings" className="btn btn--sm">
          {t('profile.city.noCityAction')}
        </Link>
      </div>
    );
  }

  const cityLink = `/cities/${encodeURIComponent(city)}`;
  const list = newcomers.data ?? [];
  return (
    <div className="profile-city">
      <h2 className="profile-city__title">{t('profile.city.title', { city })}</h2>
      <p className="profile-city__note">{t('profile.city.intro')}</p>
      {newcomers.isPending ? (
        <ul className="profile-city__list" aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <li key={i} className="profile-city__person">
              <span className="profile-skeleton profile-skeleton--avatar-sm" />
              <span className="profile-skeleton profile-skeleton--line" />
            </li>
          ))}
        </ul>
      ) : list.length === 0 ? (
        // A failed load says nothing more here: the column is a suggestion, the page is the content.
        <p className="profile-city__note">{t('profile.city.empty', { city })}</p>
      ) : (
        <ul className="profile-city__list">
          {list.map((m) => (
            <li key={m.id} className="profile-city__person">
              <Link to={`/u/${encodeURIComponent(m.username)}`} className="profile-city__link">
                <Avatar name={m.displayName} url={m.avatarUrl} size="sm" />
                <span className="profile-city__names">
                  <span className="profile-city__name">{m.displayName}</span>
                  <span className="profile-city__username">@{m.username}</span>
                </span>
              </Link>
              <FollowButton target={m} following={m.viewerFollows === true} size="sm" named />
            </li>
          ))}
        </ul>
      )}
      <Link to={cityLink} className="profile-city__more">
        {t('profile.city.seeCity', { city })}
      </Link>
    </div>
  );
}
