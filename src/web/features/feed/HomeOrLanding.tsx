import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Preferences } from '../../app/Shell.tsx';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useRealtimeEvent } from '../../lib/realtime.ts';
import { useSession, useViewerId } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { COMPOSER_TEXT_ID, Composer } from './Composer.tsx';
import { memoryKeys, useHomeFeed, usePublicFeed, type MemoryPages } from './feed.api.ts';
import { MemoryCardSkeleton, MemoryFeed } from './MemoryFeed.tsx';
import './feed.css';

/** "/": the home feed for a signed-in dancer, the landing page for everyone else. */
export function HomeOrLanding() {
  const state = useSession();
  if (state.status === 'unknown') {
    return (
      <div className="feed-page" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <MemoryCardSkeleton key={i} />
        ))}
      </div>
    );
  }
  return state.status === 'signedIn' ? <Home /> : <Landing />;
}

const prefersReducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * The home feed under the composer. Memories shared meanwhile (feed:new pushes) are only counted: the
 * pill says how many, and pressing it reads the first page again and goes to the top, so the list
 * never moves while the dancer reads.
 */
function Home() {
  const t = useT();
  usePageTitle(t('feed.homeTitle'));
  const me = useViewerId();
  const query = useHomeFeed();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());

  useRealtimeEvent('feed:new', (e) => {
    if (e.authorId === me) return;
    setArrived((seen) => (seen.has(e.memoryId) ? seen : new Set(seen).add(e.memoryId)));
  });
  const loaded = new Set(query.data?.pages.flatMap((p) => p.data.map((m) => m.id)));
  const fresh = [...arrived].filter((id) => !loaded.has(id)).length;

  const showNew = async () => {
    setArrived(new Set());
    window.scrollTo({ top: 0, behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    heading.current?.focus({ preventScroll: true });
    // Only the first page is read again; the deeper ones load as the dancer scrolls.
    queryClient.setQueriesData<MemoryPages>({ queryKey: memoryKeys.home() }, (data) =>
      data ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
    );
    await query.refetch();
  };

  return (
    <section className="feed-page" aria-labelledby="home-title">
      <h1 id="home-title" ref={heading} tabIndex={-1} className="visually-hidden">
        {t('feed.homeTitle')}
      </h1>
      <Composer />
      <div className="feed-pill-slot" aria-live="polite">
        {fresh > 0 && (
          <Button variant="primary" size="sm" className="feed-pill" onClick={() => void showNew()}>
            {t('feed.newMemories', { count: fresh })}
          </Button>
        )}
      </div>
      <MemoryFeed
        query={query}
        empty={
          <EmptyState
            title={t('feed.emptyHome.title')}
            body={t('feed.emptyHome.body')}
            action={
              <div className="landing__cta">
                <Link to="/explore" className="btn btn--primary">
                  {t('feed.emptyHome.explore')}
                </Link>
                <Button onClick={() => document.getElementById(COMPOSER_TEXT_ID)?.focus()}>
                  {t('feed.emptyHome.first')}
                </Button>
              </div>
            }
          />
        }
      />
    </section>
  );
}

/** What Abrazo is, how to join, the language and theme, and the latest public memories. */
function Landing() {
  const t = useT();
  usePageTitle(undefined);
  const query = usePublicFeed();
  return (
    <div className="landing">
      <section className="landing__hero" aria-labelledby="landing-title">
        <h1 id="landing-title" className="landing__title">
          {t('landing.title')}
        </h1>
        <p className="landing__lead">{t('landing.lead')}</p>
        <ul className="landing__points">
          <li>{t('landing.pointShare')}</li>
          <li>{t('landing.pointFollow')}</li>
          <li>{t('landing.pointCity')}</li>
        </ul>
        <div className="landing__cta">
          <Link to="/signup" className="btn btn--primary">
            {t('landing.signUp')}
          </Link>
          <Link to="/login" className="btn btn--secondary">
            {t('landing.logIn')}
          </Link>
        </div>
        <div className="landing__prefs">
          <h2 className="landing__prefs-title">{t('landing.preferences')}</h2>
          <Preferences />
        </div>
      </section>
      <section aria-labelledby="landing-latest">
        <h2 id="landing-latest" className="landing__latest">
          {t('landing.latest')}
        </h2>
        <MemoryFeed
          query={query}
          label={t('landing.latest')}
          empty={<EmptyState title={t('feed.emptyPublic.title')} body={t('feed.emptyPublic.body')} />}
        />
      </section>
    </div>
  );
}
