import { Link } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { usePublicFeed } from './feed.api.ts';
import { FeedPage } from './FeedPage.tsx';

/** /explore: every public memory, newest first. */
export function ExplorePage() {
  const t = useT();
  const signedIn = useViewerId() !== null;
  return (
    <FeedPage
      title={t('feed.exploreTitle')}
      intro={t('feed.exploreIntro')}
      action={
        <Link to="/cities" className="feed-page__action">
          {t('cities.browse')}
        </Link>
      }
      query={usePublicFeed()}
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
  );
}
