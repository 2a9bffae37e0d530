import { Link } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useBookmarks } from '../feed/feed.api.ts';
import { MemoryFeed } from '../feed/MemoryFeed.tsx';
import '../feed/feed.css';

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
  usePageTitle(t('bookmarks.title'));
  const query = useBookmarks();
  return (
    <section className="feed-page" aria-labelledby="bookmarks-title">
      <header className="feed-page__head">
        <h1 id="bookmarks-title" className="feed-page__title">
          {t('bookmarks.title')}
        </h1>
        <p className="feed-page__intro">{t('bookmarks.intro')}</p>
      </header>
      <MemoryFeed
        query={query}
        label={t('bookmarks.title')}
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
    </section>
  );
}
