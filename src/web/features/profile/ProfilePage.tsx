import { useDeferredValue, useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useSession } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { toast } from '../../ui/toast.tsx';
import { useUserMemories } from '../feed/feed.api.ts';
import { MemoryFeed } from '../feed/MemoryFeed.tsx';
import { IncomingRequests } from './FriendRequests.tsx';
import { ProfileHeader } from './ProfileHeader.tsx';
import {
  useBlock,
  useBlockedUser,
  usePendingRequests,
  useProfile,
  useRelationPushes,
} from './profile.api.ts';
import './profile.css';

const isNotFound = (err: unknown) => err instanceof ApiError && err.status === 404;

/** /u/:username — a dancer's profile and their memories. */
export function ProfilePage() {
  const { username = '' } = useParams();
  const t = useT();
  const state = useSession();
  const signedIn = state.status === 'signedIn';
  const profile = useProfile(username);
  const memories = useUserMemories(username);
  useRelationPushes();
  // The requests a signed-in viewer received load with the profile (their own list, or the one from
  // this dancer shown under the actions), so the page does not jump when they arrive.
  const requests = usePendingRequests('incoming', signedIn);
  const notFound = profile.isError && isNotFound(profile.error);
  // The dancer renders in the background once they arrive (a deferred value renders as a transition that
  // yields to the browser every few milliseconds), so the header and the first cards are not one long
  // task: the skeleton stays until the deferred copy is this dancer's.
  const deferred = useDeferredValue(profile.data ?? null, null);
  const p = deferred && deferred.id === profile.data?.id ? deferred : undefined;
  // The not-found page names itself (it may turn out to be the viewer's own block).
  usePageTitle(
    p
      ? p.relationship?.blocking
        ? t('profile.blockedTitle', { name: p.displayName })
        : t('profile.pageTitle', { name: p.displayName, username: p.username })
      : undefined,
  );

  if (profile.isPending || (profile.data && !p) || (signedIn && requests.isPending)) {
    return <ProfileSkeleton />;
  }
  if (notFound) return <ProfileNotFound username={username} />;
  if (!p) {
    return (
      <section className="page">
        <h1 className="page__title">{t('errors.title')}</h1>
        <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
      </section>
    );
  }
  if (p.relationship?.blocking) return <BlockedProfile username={p.username} name={p.displayName} />;

  const own = p.relationship?.isSelf === true;
  return (
    <section className="profile">
      <ProfileHeader profile={p} />
      {own && <IncomingRequests />}
      <section className="profile-memories" aria-labelledby="profile-memories-title">
        <h2 id="profile-memories-title" className="profile-section-title">
          {t('profile.memories')}
        </h2>
        <MemoryFeed
          query={memories}
          label={t('profile.memoriesOf', { name: p.displayName })}
          empty={
            own ? (
              <EmptyState
                title={t('profile.memoriesEmptyOwn')}
                body={t('profile.memoriesEmptyOwnBody')}
                action={
                  <Link to="/" className="btn btn--primary">
                    {t('profile.memoriesEmptyOwnAction')}
                  </Link>
                }
              />
            ) : (
              <EmptyState title={t('profile.memoriesEmpty', { name: p.displayName })} />
            )
          }
        />
      </section>
    </section>
  );
}

/** The header's shape while it loads (avatar, two name lines, the action row, three lines of facts). */
function ProfileSkeleton() {
  const t = useT();
  return (
    <section className="profile" aria-busy="true">
      <p className="visually-hidden" role="status">
        {t('profile.loading')}
      </p>
      <div className="profile-head profile-head--skeleton" aria-hidden="true">
        <div className="profile-head__top">
          <span className="profile-skeleton profile-skeleton--avatar" />
          <div className="profile-head__names">
            <span className="profile-skeleton profile-skeleton--name" />
            <span className="profile-skeleton profile-skeleton--line" />
          </div>
        </div>
        <div className="profile-actions">
          <span className="profile-skeleton profile-skeleton--button" />
          <span className="profile-skeleton profile-skeleton--button" />
        </div>
        <span className="profile-skeleton profile-skeleton--line" />
        <span className="profile-skeleton profile-skeleton--line" />
        <span className="profile-skeleton profile-skeleton--short" />
      </div>
    </section>
  );
}

/** Unknown, gone, or in a block with the viewer: a clear page, and an Unblock for the viewer's own block. */
function ProfileNotFound({ username }: { username: string }) {
  const t = useT();
  const signedIn = useSession().status === 'signedIn';
  const blocked = useBlockedUser(username, signedIn);
  usePageTitle(
    blocked.data ? t('profile.blockedTitle', { name: blocked.data.displayName }) : t('profile.notFoundTitle'),
  );
  if (signedIn && blocked.isPending) return <ProfileSkeleton />;
  if (blocked.data)
    return <BlockedProfile username={blocked.data.username} name={blocked.data.displayName} />;
  return (
    <section className="page">
      <h1 className="page__title">{t('profile.notFoundTitle')}</h1>
      <p>{t('profile.notFoundBody')}</p>
      <Link to="/explore" className="btn btn--primary profile-start">
        {t('profile.people.explore')}
      </Link>
    </section>
  );
}

/** A dancer the viewer blocks: what that means, and Unblock. */
function BlockedProfile({ username, name }: { username: string; name: string }) {
  const t = useT();
  const block = useBlock(username);
  const heading = useRef<HTMLHeadingElement>(null);
  // Right after blocking, the menu that had focus is gone: the heading takes it.
  useEffect(() => {
    if (document.activeElement === document.body) heading.current?.focus();
  }, []);
  return (
    <section className="page profile-blocked">
      <div className="profile-head__top">
        <Avatar name={name} size="lg" />
        <div className="profile-head__names">
          <h1 ref={heading} tabIndex={-1} className="profile-head__name">
            {t('profile.blockedTitle', { name })}
          </h1>
          <p className="profile-head__username">@{username}</p>
        </div>
      </div>
      <p>{t('profile.blockedBody')}</p>
      <div className="profile-actions">
        <Button
          busy={block.isPending}
          onClick={() =>
            block.mutate(false, {
              onSuccess: () => toast(t('profile.unblocked', { name })),
              onError: (err) => toast(errorMessage(t, err), 'error'),
            })
          }
        >
          {t('profile.unblock')}
        </Button>
      </div>
    </section>
  );
}
