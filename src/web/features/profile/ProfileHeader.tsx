import { memo } from 'react';
import { Link } from 'react-router';
import type { Profile } from '../../../contract/social.ts';
import { formatCount } from '../../lib/format.ts';
import { currentLocale, useT } from '../../lib/i18n.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { ProfileActions } from './ProfileActions.tsx';
import { countryName, languageList, levelWords, monthYear } from './profile-format.ts';

const seg = encodeURIComponent;

/**
 * Who the dancer is: picture, names, actions, roles, bio, the facts, the counts that lead to lists, and
 * their tango résumé. Memoised: the page re-renders at each change of its queries (the memories, the
 * requests); the header, only when the dancer does.
 */
export const ProfileHeader = memo(function ProfileHeader({ profile }: { profile: Profile }) {
  const t = useT();
  const p = profile;
  const locale = currentLocale();
  const base = `/u/${seg(p.username)}`;
  const followsYou = p.relationship?.followedBy === true;
  const place = [
    p.city && (
      <Link key="city" to={`/cities/${seg(p.city)}`}>
        {p.city}
      </Link>
    ),
    p.country && <span key="country">{countryName(locale, p.country)}</span>,
  ].filter(Boolean);
  const facts: { key: string; text: string }[] = [];
  if (p.languages.length > 0)
    facts.push({ key: 'lang', text: t('profile.speaks', { languages: languageList(locale, p.languages) }) });
  if (p.leaderLevel !== null)
    facts.push({ key: 'lead', text: t('profile.leader', { level: levelWords(t, p.leaderLevel) }) });
  if (p.followerLevel !== null) {
    facts.push({ key: 'follow', text: t('profile.follower', { level: levelWords(t, p.followerLevel) }) });
  }
  if (p.yearsDancing !== null) {
    facts.push({ key: 'years', text: t('profile.yearsDancing', { count: p.yearsDancing }) });
  }
  facts.push({ key: 'joined', text: t('profile.joined', { date: monthYear(locale, p.createdAt) }) });

  return (
    <header className="profile-head">
      <div className="profile-head__top">
        <Avatar name={p.displayName} url={p.avatarUrl} size="lg" />
        <div className="profile-head__names">
          <h1 className="profile-head__name">{p.displayName}</h1>
          <p className="profile-head__username">
            <span>@{p.username}</span>
            {followsYou && <span className="profile-badge">{t('profile.followsYou')}</span>}
          </p>
        </div>
      </div>
      <ProfileActions profile={p} />
      {p.roles.length > 0 && (
        <ul className="profile-roles" aria-label={t('profile.roles')}>
          {p.roles.map((role) => (
            <li key={role} className="profile-roles__item">
              {t(`dancer.role.${role}`)}
            </li>
          ))}
        </ul>
      )}
      {p.bio && <p className="profile-bio">{p.bio}</p>}
      <ul className="profile-facts" aria-label={t('profile.details')}>
        {place.length > 0 && (
          <li className="profile-facts__place">
            {place.flatMap((node, i) => (i === 0 ? [node] : [<span key={`sep${i}`}>, </span>, node]))}
          </li>
        )}
        {facts.map((f) => (
          <li key={f.key}>{f.text}</li>
        ))}
      </ul>
      <nav className="profile-counts" aria-label={t('profile.counts')}>
        <Link to={`${base}/followers`}>
          {t('profile.followers', { count: p.followerCount, n: formatCount(p.followerCount) })}
        </Link>
        <Link to={`${base}/following`}>{t('profile.following', { n: formatCount(p.followingCount) })}</Link>
        <Link to={`${base}/friends`}>
          {t('profile.friends', { count: p.friendCount, n: formatCount(p.friendCount) })}
        </Link>
      </nav>
      {/* Always offered: an empty résumé says how credits get there. */}
      <Link to={`${base}/resume`} className="profile-resume">
        {t('profile.resume')}
      </Link>
    </header>
  );
});
