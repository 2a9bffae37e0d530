import { Link } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useBookmarks } from '../feed/feed.api.ts';
import { FeedPage } from '../feed/FeedPage.tsx';

/** /bookmarks: the memories the dancer saved and may still see, newest saved first. */
export function BookmarksPage() {
  return (
    <RequireAuth>
      <Bookmarks />
    </RequireAuth>
  );
}

function Bookmarks() {
  const t = useT();
  return (
    <FeedPage
      title={t('bookmarks.title')}
      intro={t('bookmarks.intro')}
      label={t('bookmarks.title')}
      query={useBookmarks()}
      empty={
        <EmptyState
          title={t('bookmarks.emptyTitle')}
          body={t('bookmarks.emptyBody')}
          action={
            <Link to="/explore" className="btn btn--primary">
              {t('bookmarks.explore')}
            </Link>
          }
        />
      }
    />
  );
}
