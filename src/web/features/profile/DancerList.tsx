import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ListedUser } from '../../../contract/social.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { PagedList, type PagedQuery } from '../../ui/PagedList.tsx';
import { FollowButton } from './FollowButton.tsx';
import './profile.css';

/** Any paged list of dancers that carry the state of the viewer's Follow button. */
export type DancerQuery<T extends ListedUser = ListedUser> = PagedQuery<T>;

export interface DancerListProps<T extends ListedUser> {
  query: DancerQuery<T>;
  /** What an empty list shows: an EmptyState with the next step. */
  empty: ReactNode;
  /** The list's accessible name, where the page holds more than one list. */
  label?: string;
  /** What a row shows after the @username (a role in a group, say). */
  renderExtra?: (person: T) => ReactNode;
  /** A row's own actions (approve, a menu…), in place of the Follow button. */
  renderActions?: (person: T) => ReactNode;
}

/**
 * A list of dancers: avatar, name, @username, and a Follow button for the signed-in viewer, or each
 * row's own actions.
 */
export function DancerList<T extends ListedUser>({
  query,
  empty,
  label,
  renderExtra,
  renderActions,
}: DancerListProps<T>) {
  const viewerId = useViewerId();
  return (
    <PagedList
      query={query}
      className="profile-people__list"
      label={label}
      empty={empty}
      renderSkeleton={PersonSkeleton}
      renderItem={(person) => (
        <PersonRow
          key={person.id}
          person={person}
          showFollow={!renderActions && viewerId !== null && viewerId !== person.id}
          extra={renderExtra?.(person)}
          actions={renderActions?.(person)}
        />
      )}
    />
  );
}

/** One dancer's row while a list loads. */
const PersonSkeleton = () => (
  <li className="profile-person profile-person--skeleton" aria-hidden="true">
    <span className="profile-skeleton profile-skeleton--avatar-md" />
    <span className="profile-person__names">
      <span className="profile-skeleton profile-skeleton--line" />
      <span className="profile-skeleton profile-skeleton--short" />
    </span>
  </li>
);

/**
 * One dancer in a list: avatar, name and @username (with `extra` after it, a role say), and either
 * their Follow button or other `actions`, described by the dancer's name.
 */
function PersonRow({
  person,
  showFollow = false,
  extra,
  actions,
}: {
  person: Pick<ListedUser, 'id' | 'username' | 'displayName' | 'avatarUrl'> &
    Partial<Pick<ListedUser, 'viewerFollows'>>;
  showFollow?: boolean;
  extra?: ReactNode;
  actions?: ReactNode;
}) {
  const nameId = `person-${person.id}`;
  return (
    <li className="profile-person">
      <Link to={`/u/${encodeURIComponent(person.username)}`} className="profile-person__link">
        <Avatar name={person.displayName} url={person.avatarUrl} />
        <span className="profile-person__names">
          <span id={nameId} className="profile-person__name">
            {person.displayName}
          </span>
          <span className="profile-person__username">
            @{person.username}
            {extra}
          </span>
        </span>
      </Link>
      {showFollow && (
        <FollowButton
          target={person}
          following={person.viewerFollows === true}
          size="sm"
          describedBy={nameId}
        />
      )}
      {actions && <span className="profile-person__actions">{actions}</span>}
    </li>
  );
}
