import { Link } from 'react-router';
import type { FriendRequest } from '../../../contract/social.ts';
import { currentLocale, errorMessage, useT } from '../../lib/i18n.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Button } from '../../ui/Button.tsx';
import { toast } from '../../ui/toast.tsx';
import { useAnswerFriendRequest, usePendingRequests } from './profile.api.ts';
import { dancedNote } from './profile-format.ts';

/** One request the viewer received: who, the "we danced" note, their message, Accept and Decline. */
export function IncomingRequest({ fr, showWho = true }: { fr: FriendRequest; showWho?: boolean }) {
  const t = useT();
  const answer = useAnswerFriendRequest();
  const name = fr.from.displayName;
  const note = dancedNote(t, currentLocale(), fr);
  const whoId = `fr-${fr.id}-who`;
  const respond = (accept: boolean) =>
    answer.mutate(
      { fr, accept },
      {
        onSuccess: () => toast(t(accept ? 'profile.accepted' : 'profile.declined', { name })),
        onError: (err) => toast(errorMessage(t, err), 'error'),
      },
    );
  return (
    <div className="profile-request">
      {showWho && (
        <Link
          to={`/u/${encodeURIComponent(fr.from.username)}`}
          className="profile-request__avatar"
          tabIndex={-1}
          aria-hidden="true"
        >
          <Avatar name={name} url={fr.from.avatarUrl} />
        </Link>
      )}
      <div className="profile-request__body">
        <p id={whoId} className="profile-request__who">
          {showWho ? (
            <Link to={`/u/${encodeURIComponent(fr.from.username)}`}>
              {t('profile.wantsToBeFriends', { name })}
            </Link>
          ) : (
            t('profile.wantsToBeFriends', { name })
          )}
        </p>
        {note && <p className="profile-request__note">{note}</p>}
        {fr.message && <p className="profile-request__message">{fr.message}</p>}
        <div className="profile-request__actions">
          <Button
            variant="primary"
            size="sm"
            aria-describedby={whoId}
            busy={answer.isPending && answer.variables.accept}
            disabled={answer.isPending}
            onClick={() => respond(true)}
          >
            {t('profile.accept')}
          </Button>
          <Button
            size="sm"
            aria-describedby={whoId}
            busy={answer.isPending && !answer.variables.accept}
            disabled={answer.isPending}
            onClick={() => respond(false)}
          >
            {t('profile.decline')}
          </Button>
        </div>
      </div>
    </div>
  );
}

/** On the viewer's own profile: the friend requests waiting for an answer (nothing when there are none). */
export function IncomingRequests() {
  const t = useT();
  const requests = usePendingRequests('incoming');
  const list = requests.data ?? [];
  if (list.length === 0) return null;
  return (
    <section className="profile-requests" aria-labelledby="profile-requests-title">
      <h2 id="profile-requests-title" className="profile-section-title">
        {t('profile.requestsTitle')}
      </h2>
      <p className="profile-requests__count">{t('profile.requestsCount', { count: list.length })}</p>
      <ul className="profile-requests__list">
        {list.map((fr) => (
          <li key={fr.id}>
            <IncomingRequest fr={fr} />
          </li>
        ))}
      </ul>
    </section>
  );
}
