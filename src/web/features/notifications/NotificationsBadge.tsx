import { formatCount } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { useUnreadCount } from './notifications.api.ts';

/** The navigation's count of unread notifications, live; loaded after the first paint (app/Shell.tsx). */
export function NotificationsBadge() {
  const t = useT();
  const unread = useUnreadCount().data ?? 0;
  return (
    <>
      {unread > 0 && <span className="visually-hidden">{t('nav.unread', { count: unread })}</span>}
      <span className={`badge${unread > 0 ? '' : ' badge--empty'}`} aria-hidden="true">
        {unread > 0 ? formatCount(unread) : ''}
      </span>
    </>
  );
}
