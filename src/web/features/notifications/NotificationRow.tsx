import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Notification, ReactionTypeValue } from '../../../contract/social.ts';
import { dateTimeTitle, formatRelative } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { CommentIcon } from '../../ui/icons.tsx';
import { NAME_MARK, notificationSentence, targetOf } from './notification-text.ts';

const REACTION_EMOJI: Record<ReactionTypeValue, string> = {
  like: '👍',
  love: '❤️',
  laugh: '😂',
  wow: '😮',
  sad: '😢',
  abrazo: '🤗',
};

/** The sentence for a notification, names in bold. */
export function NotificationText({ n }: { n: Notification }) {
  const t = useT();
  const { text, names } = notificationSentence(t, n);
  const parts: ReactNode[] = text.split(NAME_MARK).map((part, i) => {
    if (i % 2 === 0) return part;
    return <strong key={i}>{names[Number(part)] ?? ''}</strong>;
  });
  return <span className="notif__text">{parts}</span>;
}

function Glyph({ n }: { n: Notification }) {
  if (n.type === 'reaction')
    return <span className="notif__emoji">{REACTION_EMOJI[n.reaction ?? 'like']}</span>;
  if (n.type === 'mention') return <span className="notif__at">@</span>;
  if (n.type === 'comment' || n.type === 'reply') return <CommentIcon />;
  return (
    <svg className="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <circle cx="10" cy="8" r="4" />
      <path d="M3 20c1.3-3.7 3.9-5.6 7-5.6 1.6 0 3 .5 4.2 1.4" />
      {n.type === 'friend_accepted' ? <path d="m15.5 18 2 2 4-4.5" /> : <path d="M18.5 14v6M15.5 17h6" />}
    </svg>
  );
}

/** One notification: the kind at a glance, who (up to three faces), what, when; unread ones stand out. */
export function NotificationRow({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  const t = useT();
  return (
    <li className={`notif${n.read ? '' : ' notif--unread'}`}>
      <Link to={targetOf(n)} className="notif__link" onClick={() => onOpen(n)}>
        <span className={`notif__kind notif__kind--${n.type}`} aria-hidden="true">
          <Glyph n={n} />
        </span>
        <span className="notif__main">
          <span className="notif__faces" aria-hidden="true">
            {n.actors.map((a) => (
              <Avatar key={a.id} name={a.displayName} url={a.avatarUrl} size="sm" />
            ))}
          </span>
          <NotificationText n={n} />
          <time className="notif__time" dateTime={n.createdAt} {...dateTimeTitle(n.createdAt)}>
            {formatRelative(n.createdAt)}
          </time>
        </span>
        <span className="notif__state">
          {!n.read && (
            <>
              <span className="notif__dot" aria-hidden="true" />
              <span className="visually-hidden">{t('notifications.unread')}</span>
            </>
          )}
        </span>
      </Link>
    </li>
  );
}
