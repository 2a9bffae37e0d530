import { useRef } from 'react';
import { Link } from 'react-router';
import type { Notification } from '../../../contract/social.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { toast } from '../../ui/toast.tsx';
import { NotificationRow } from './NotificationRow.tsx';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './notifications.api.ts';
import { useSteadyList } from './steady-list.ts';
import './notifications.css';

/** Rows of the final size while the first page loads. */
function ListSkeleton() {
  return (
    <ul className="notif-list" aria-hidden="true">
      {Array.from({ length: 6 }, (_, i) => (
        <li key={i} className="notif notif--skeleton">
          <span className="notif__link">
            <span className="notif__kind skeleton__line" />
            <span className="notif__main">
              <span className="notif__faces">
                <span className="avatar avatar--sm skeleton__line" />
              </span>
              <span className="notif__text skeleton__line" />
              <span className="notif__time skeleton__line" />
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

function Notifications() {
  const t = useT();
  const list = useNotifications();
  const unread = useUnreadCount().data ?? 0;
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const heading = useRef<HTMLHeadingElement>(null);
  const items = list.data?.pages.flatMap((page) => page.data);
  const { visible, heldCount, reveal } = useSteadyList(items);
  const anyUnread = unread > 0 || visible.some((n) => !n.read);

  const open = (n: Notification) => {
    if (!n.read) markRead.mutate(n.id);
  };
  const showNew = () => {
    reveal();
    window.scrollTo({ top: 0 });
    heading.current?.focus();
  };

  let body;
  if (list.isPending) {
    body = <ListSkeleton />;
  } else if (list.isError && !items) {
    body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  } else if (visible.length === 0) {
    body = (
      <EmptyState
        title={t('notifications.emptyTitle')}
        body={t('notifications.emptyBody')}
        action={
          <Link to="/explore" className="btn btn--primary">
            {t('notifications.emptyAction')}
          </Link>
        }
      />
    );
  } else {
    body = (
      <>
        <div className="notif-pill-slot" aria-live="polite">
          {heldCount > 0 && (
            <button type="button" className="notif-pill" onClick={showNew}>
              {t('notifications.newPill', { count: heldCount })}
            </button>
          )}
        </div>
        <ul className="notif-list">
          {visible.map((n) => (
            <NotificationRow key={n.id} n={n} onOpen={open} />
          ))}
        </ul>
        <div className="notif-more">
          {list.isFetchNextPageError ? (
            <ErrorState error={list.error} onRetry={() => void list.fetchNextPage()} />
          ) : list.hasNextPage ? (
            <Button busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? t('app.loading') : t('app.loadMore')}
            </Button>
          ) : (
            <p className="notif-more__end">{t('notifications.end')}</p>
          )}
        </div>
      </>
    );
  }

  return (
    <section className="page notif-page" aria-labelledby="notif-title">
      <header className="notif-page__header">
        <h1 id="notif-title" ref={heading} tabIndex={-1} className="page__title">
          {t('notifications.title')}
        </h1>
        {/* Always laid out, so the header keeps its height; hidden while there is nothing to mark. */}
        <Button
          size="sm"
          variant="ghost"
          className={`notif-page__mark-all${anyUnread || visible.length > 0 ? '' : ' notif-page__mark-all--none'}`}
          disabled={!anyUnread || markAll.isPending}
          busy={markAll.isPending}
          onClick={() =>
            markAll.mutate(undefined, {
              onError: (err) => toast(`${t('notifications.markAllFailed')} ${errorMessage(t, err)}`, 'error'),
            })
          }
        >
          {t('notifications.markAllRead')}
        </Button>
      </header>
      <div aria-busy={list.isPending}>{body}</div>
    </section>
  );
}

/** /notifications: what dancers did around you, grouped as the API groups it, live. */
export function NotificationsPage() {
  const t = useT();
  usePageTitle(t('notifications.title'));
  return (
    <RequireAuth>
      <Notifications />
    </RequireAuth>
  );
}
