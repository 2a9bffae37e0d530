import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ListedUser } from '../../../contract/social.ts';
import type { Page } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { FollowButton } from './FollowButton.tsx';
import './profile.css';

/** Any paged list of dancers that carry the state of the viewer's Follow button. */
export type DancerQuery<T extends ListedUser = ListedUser> = UseInfiniteQueryResult<
  InfiniteData<Page<T>>,
  Error
>;

export interface DancerListProps<T extends ListedUser> {
  query: DancerQuery<T>;
  /** What an empty list shows: an EmptyState with the next step. */
  empty: ReactNode;
  /** The list's accessible name, where the page holds more than one list. */
  label?: string;
}

/**
 * A list of dancers (avatar, name, @username, a Follow button for the signed-in viewer), five rows of
 * skeleton while the first page loads, the empty state, an error with a retry, and "Load more".
 */
export function DancerList<T extends ListedUser>({ query, empty, label }: DancerListProps<T>) {
  const t = useT();
  const state = useSession();
  const viewerId = state.status === 'signedIn' ? state.user.id : null;
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];

  if (query.isPending) {
    return (
      <ul className="profile-people__list" aria-busy="true" aria-label={label}>
        <li className="visually-hidden" role="status">
          {t('app.loading')}
        </li>
        {[0, 1, 2, 3, 4].map((i) => (
          <li key={i} className="profile-person profile-person--skeleton" aria-hidden="true">
            <span className="profile-skeleton profile-skeleton--avatar-md" />
            <span className="profile-person__names">
              <span className="profile-skeleton profile-skeleton--line" />
              <span className="profile-skeleton profile-skeleton--short" />
            </span>
          </li>
        ))}
      </ul>
    );
  }
  if (query.isError && rows.length === 0) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (rows.length === 0) return <>{empty}</>;

  return (
    <>
      <ul className="profile-people__list" aria-label={label}>
        {rows.map((person) => (
          <PersonRow
            key={person.id}
            person={person}
            showFollow={viewerId !== null && viewerId !== person.id}
          />
        ))}
      </ul>
      <div className="profile-people__end">
        {query.isFetchNextPageError ? (
          <div className="profile-people__failed" role="alert">
            <p>{errorMessage(t, query.error)}</p>
            <Button onClick={() => void query.fetchNextPage()}>{t('app.retry')}</Button>
          </div>
        ) : query.hasNextPage ? (
          <Button busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('app.loadMore')}
          </Button>
        ) : null}
      </div>
    </>
  );
}

function PersonRow({ person, showFollow }: { person: ListedUser; showFollow: boolean }) {
  const nameId = `person-${person.id}`;
  return (
    <li className="profile-person">
      <Link to={`/u/${encodeURIComponent(person.username)}`} className="profile-person__link">
        <Avatar name={person.displayName} url={person.avatarUrl} />
        <span className="profile-person__names">
          <span id={nameId} className="profile-person__name">
            {person.displayName}
          </span>
          <span className="profile-person__username">@{person.username}</span>
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
    </li>
  );
}
