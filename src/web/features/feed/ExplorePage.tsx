import { Link } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { usePublicFeed } from './feed.api.ts';
import { MemoryFeed } from './MemoryFeed.tsx';
import './feed.css';

/** /explore: every public memory, newest first. */
export function ExplorePage() {
  const t = useT();
  usePageTitle(t('feed.exploreTitle'));
  const signedIn = useViewerId() !== null;
  const query = usePublicFeed();
  return (
    <section className="feed-page" aria-labelledby="explore-title">
      <header className="feed-page__head">
        <h1 id="explore-title" className="feed-page__title">
          {t('feed.exploreTitle')}
        </h1>
        <p className="feed-page__intro">{t('feed.exploreIntro')}</p>
      </header>
      <MemoryFeed
        query={query}
        empty={
          <EmptyState
            title={t('feed.emptyPublic.title')}
            body={t('feed.emptyPublic.body')}
            action={
              <Link to={signedIn ? '/' : '/signup'} className="btn btn--primary">
                {signedIn ? t('feed.emptyHome.first') : t('landing.signUp')}
              </Link>
            }
          />
        }
      />
    </section>
  );
}
