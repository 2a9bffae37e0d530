import { Link, NavLink, useParams } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { ApiError } from '../../lib/api.ts';
import { formatCount } from '../../lib/format.ts';
import { useT, type MessageKey } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { DancerList } from './DancerList.tsx';
import { PEOPLE_LISTS, usePeople, useProfile, type PeopleList } from './profile.api.ts';
import './profile.css';

const isList = (value: string | undefined): value is PeopleList =>
  (PEOPLE_LISTS as readonly string[]).includes(value ?? '');

const TEXT: Record<
  PeopleList,
  { tab: MessageKey; title: MessageKey; empty: MessageKey; emptyOwn: MessageKey }
> = {
  followers: {
    tab: 'profile.people.tabFollowers',
    title: 'profile.people.titleFollowers',
    empty: 'profile.people.emptyFollowers',
    emptyOwn: 'profile.people.emptyFollowersOwn',
  },
  following: {
    tab: 'profile.people.tabFollowing',
    title: 'profile.people.titleFollowing',
    empty: 'profile.people.emptyFollowing',
    emptyOwn: 'profile.people.emptyFollowingOwn',
  },
  friends: {
    tab: 'profile.people.tabFriends',
    title: 'profile.people.titleFriends',
    empty: 'profile.people.emptyFriends',
    emptyOwn: 'profile.people.emptyFriendsOwn',
  },
};

/** /u/:username/followers|following|friends — anything else is the 404 page. */
export function PeoplePage() {
  const { username = '', list } = useParams();
  if (!isList(list)) return <NotFoundPage />;
  return <People username={username} list={list} />;
}

function People({ username, list }: { username: string; list: PeopleList }) {
  const t = useT();
  const profile = useProfile(username);
  const people = usePeople(username, list);
  const name = profile.data?.displayName ?? `@${username}`;
  const own = profile.data?.relationship?.isSelf === true;
  const gone =
    (profile.isError && profile.error instanceof ApiError && profile.error.status === 404) ||
    (people.isError && people.error instanceof ApiError && people.error.status === 404);
  const title = t(TEXT[list].title, { name });
  usePageTitle(gone ? t('profile.notFoundTitle') : profile.data ? title : undefined);

  if (gone) {
    return (
      <section className="page">
        <h1 className="page__title">{t('profile.notFoundTitle')}</h1>
        <p>{t('profile.notFoundBody')}</p>
      </section>
    );
  }

  const counts: Record<PeopleList, number | undefined> = {
    followers: profile.data?.followerCount,
    following: profile.data?.followingCount,
    friends: profile.data?.friendCount,
  };
  const base = `/u/${encodeURIComponent(username)}`;

  return (
    <section className="page profile-people">
      <Link to={base} className="profile-people__back">
        {t('profile.people.back', { name })}
      </Link>
      <h1 className="page__title profile-people__title">{title}</h1>
      <nav className="profile-tabs" aria-label={t('profile.people.lists')}>
        {(PEOPLE_LISTS as readonly PeopleList[]).map((l) => (
          <NavLink key={l} to={`${base}/${l}`} className="profile-tabs__tab">
            {t(TEXT[l].tab)}
            <span className="profile-tabs__count">
              {counts[l] === undefined ? '' : formatCount(counts[l])}
            </span>
          </NavLink>
        ))}
      </nav>
      <DancerList
        query={people}
        empty={
          <EmptyState
            title={t(TEXT[list].empty)}
            body={own ? t(TEXT[list].emptyOwn) : undefined}
            action={
              own && list !== 'followers' ? (
                <Link to="/explore" className="btn btn--primary">
                  {t('profile.people.explore')}
                </Link>
              ) : undefined
            }
          />
        }
      />
    </section>
  );
}
