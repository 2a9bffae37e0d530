import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { Profile, Relationship } from '../../../contract/social.ts';
import { errorMessage, useT, withAreas } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Menu, type MenuItem } from '../../ui/Menu.tsx';
import { toast } from '../../ui/toast.tsx';
import { MessageButton } from '../chat/MessageButton.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { FollowButton } from './FollowButton.tsx';
import { FriendRequestDialog } from './FriendRequestDialog.tsx';
import { IncomingRequest } from './FriendRequests.tsx';
import { useBlock, useCancelFriendRequest, useMute, usePendingRequests, useUnfriend } from './profile.api.ts';

// The report dialog is only needed once someone reports: its code and its messages load then.
const ReportDialog = lazy(
  withAreas(['reports'], async () => ({
    default: (await import('../reports/ReportDialog.tsx')).ReportDialog,
  })),
);

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** What the viewer can do on a profile: log in, edit their own, or follow, befriend, mute, block, report. */
export function ProfileActions({ profile }: { profile: Profile }) {
  const t = useT();
  const location = useLocation();
  const r = profile.relationship;
  if (!r) {
    return (
      <div className="profile-actions">
        <Link to={`/login?next=${encodeURIComponent(location.pathname)}`} className="btn btn--primary">
          {t('profile.logInToFollow')}
        </Link>
      </div>
    );
  }
  if (r.isSelf) {
    return (
      <div className="profile-actions">
        <Link to="/settings" className="btn">
          {t('profile.editProfile')}
        </Link>
      </div>
    );
  }
  return <OtherActions profile={profile} r={r} />;
}

type DialogName = 'friend' | 'unfriend' | 'block' | 'report';

function OtherActions({ profile, r }: { profile: Profile; r: Relationship }) {
  const t = useT();
  const { username, displayName: name } = profile;
  const [dialog, setDialog] = useState<DialogName | null>(null);
  // Kept mounted once opened, so closing it returns focus where it was.
  const [reportLoaded, setReportLoaded] = useState(false);
  const close = () => setDialog(null);
  const mute = useMute(username);
  const block = useBlock(username);
  const unfriend = useUnfriend(username);
  const cancel = useCancelFriendRequest();
  const outgoing = usePendingRequests('outgoing', r.friendRequest === 'outgoing');
  const incoming = usePendingRequests('incoming');
  const sent = outgoing.data?.find((fr) => same(fr.to.username, username));
  const received = incoming.data?.find((fr) => same(fr.from.username, username));
  const fail = (err: unknown) => toast(errorMessage(t, err), 'error');
  // The profile says there is a request the cached list does not hold yet: read the list once more.
  const stale = useRef(false);
  const missing =
    (r.friendRequest === 'outgoing' && outgoing.isSuccess && !sent) ||
    (r.friendRequest === 'incoming' && incoming.isSuccess && !received);
  useEffect(() => {
    if (!missing || stale.current) return;
    stale.current = true;
    void (r.friendRequest === 'outgoing' ? outgoing.refetch() : incoming.refetch());
  }, [missing, r.friendRequest, outgoing, incoming]);

  const items: MenuItem[] = [
    {
      label: t(r.muted ? 'profile.unmute' : 'profile.mute'),
      onSelect: () =>
        mute.mutate(!r.muted, {
          onSuccess: () => toast(t(r.muted ? 'profile.unmuted' : 'profile.muted', { name })),
          onError: fail,
        }),
    },
    ...(r.friends
      ? [{ label: t('profile.unfriend'), onSelect: () => setDialog('unfriend'), danger: true }]
      : []),
    { label: t('profile.block'), onSelect: () => setDialog('block'), danger: true },
    {
      label: t('profile.report'),
      onSelect: () => {
        setReportLoaded(true);
        setDialog('report');
      },
    },
  ];

  let friendAction = null;
  if (r.friends) {
    friendAction = <span className="profile-badge profile-badge--friends">{t('profile.friendsBadge')}</span>;
  } else if (r.friendRequest === 'outgoing') {
    friendAction = (
      <Button
        busy={cancel.isPending || (outgoing.isPending && !sent)}
        disabled={!sent || cancel.isPending}
        onClick={() =>
          sent &&
          cancel.mutate(sent, { onSuccess: () => toast(t('profile.requestCancelled')), onError: fail })
        }
      >
        {t('profile.cancelRequest')}
      </Button>
    );
  } else if (r.friendRequest === null) {
    friendAction = <Button onClick={() => setDialog('friend')}>{t('profile.addFriend')}</Button>;
  }

  return (
    <>
      <div className="profile-actions">
        <FollowButton target={profile} following={r.following} />
        {friendAction}
        <MessageButton userId={profile.id} />
        <Menu label={t('profile.moreActions', { name })} items={items} />
      </div>
      {r.friendRequest === 'outgoing' && <p className="profile-note">{t('profile.requestSent')}</p>}
      {r.muted && <p className="profile-note">{t('profile.mutedNote')}</p>}
      {received && <IncomingRequest fr={received} showWho={false} />}

      <FriendRequestDialog open={dialog === 'friend'} onClose={close} username={username} name={name} />
      <ConfirmDialog
        open={dialog === 'unfriend'}
        title={t('profile.unfriendTitle', { name })}
        confirm={t('profile.unfriend')}
        busy={unfriend.isPending}
        onClose={close}
        onConfirm={() =>
          unfriend.mutate(undefined, {
            onSuccess: () => {
              close();
              toast(t('profile.unfriended', { name }));
            },
            onError: fail,
          })
        }
      >
        <p>{t('profile.unfriendBody')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'block'}
        title={t('profile.blockTitle', { name })}
        confirm={t('profile.blockConfirm')}
        busy={block.isPending}
        onClose={close}
        onConfirm={() => block.mutate(true, { onSuccess: close, onError: fail })}
      >
        <p>{t('profile.blockBody')}</p>
        <p>{t('profile.blockBody2')}</p>
      </ConfirmDialog>
      {reportLoaded && (
        <Suspense fallback={null}>
          <ReportDialog
            open={dialog === 'report'}
            onClose={close}
            target={{ type: 'user', id: profile.id }}
          />
        </Suspense>
      )}
    </>
  );
}
