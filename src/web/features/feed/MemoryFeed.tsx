import { startTransition, useDeferredValue, useEffect, useRef, useState, type ReactNode } from 'react';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { useMarkFirstContent } from '../../lib/use-first-content.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import type { MemoryListQuery } from './feed.api.ts';
import { MemoryCard } from './MemoryCard.tsx';
import './feed.css';

/** A card-sized placeholder: avatar, name, three lines, the action row (no shift when cards arrive). */
export function MemoryCardSkeleton() {
  return (
    <div className="memory-card memory-card--skeleton" aria-hidden="true">
      <div className="memory-card__head">
        <span className="memory-skeleton__avatar" />
        <div className="memory-card__who">
          <span className="memory-skeleton__line memory-skeleton__line--name" />
          <span className="memory-skeleton__line memory-skeleton__line--meta" />
        </div>
      </div>
      <span className="memory-skeleton__line" />
      <span className="memory-skeleton__line" />
      <span className="memory-skeleton__line memory-skeleton__line--short" />
      <div className="memory-card__actions" />
    </div>
  );
}

/**
 * Cards rendered per step: a page of twenty arrives as five commits of five (the first fills a phone's
 * screen), each in a transition after the one before, so no commit and its layout is a long task.
 */
const STEP = 5;

export interface MemoryFeedProps {
  /** Any list hook of feed.api.ts (useHomeFeed(), useUserMemories(name)…). */
  query: MemoryListQuery;
  /** What an empty list shows: an EmptyState with the next step. */
  empty: ReactNode;
  /** The list's accessible name (default "Memories"). */
  label?: string;
}

/**
 * An endless list of memories: the next page loads when the end comes near (and from a "Load more"
 * button, for keyboards and browsers without IntersectionObserver); skeletons while the first page
 * loads; the empty state; an error with a retry; "You have seen everything" at the end.
 */
export function MemoryFeed({ query, empty, label }: MemoryFeedProps) {
  const t = useT();
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = query;
  const canLoad = hasNextPage && !isFetchingNextPage && !isFetchNextPageError;
  // The cards render in the background (a deferred value renders as a transition, yielding to the
  // browser every few milliseconds): a page of memories arriving never holds the main thread in one task.
  const data = useDeferredValue(query.data);
  const loading = query.isPending || Boolean(query.data && !data);
  const memories = (data ?? query.data)?.pages.flatMap((p) => p.data) ?? [];
  const [shown, setShown] = useState(STEP);
  const more = memories.length > shown;
  useEffect(() => {
    if (!loading && more) startTransition(() => setShown((n) => n + STEP));
  }, [loading, more, shown]);
  // The page's first content: its first cards (or its empty or error state) have rendered.
  useMarkFirstContent(!loading);

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !canLoad || more || typeof IntersectionObserver !== 'function') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void fetchNextPage();
      },
      { rootMargin: '800px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [canLoad, more, fetchNextPage]);

  if (loading) {
    return (
      <div className="memory-feed" aria-busy="true" aria-label={label ?? t('feed.memories')} role="region">
        <p className="visually-hidden" role="status">
          {t('app.loading')}
        </p>
        {[0, 1, 2].map((i) => (
          <MemoryCardSkeleton key={i} />
        ))}
      </div>
    );
  }
  if (query.isError && !query.data) {
    return (
      <div className="memory-feed memory-feed--message">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }

  if (memories.length === 0 && !hasNextPage) return <div className="memory-feed">{empty}</div>;

  return (
    <div className="memory-feed">
      <div role="feed" aria-label={label ?? t('feed.memories')} aria-busy={isFetchingNextPage}>
        {memories.slice(0, shown).map((m, i) => (
          <MemoryCard key={m.id} memory={m} posInSet={i + 1} />
        ))}
      </div>
      {/* The end (and what loads the next page) once every card loaded so far is rendered. */}
      {!more && isFetchingNextPage && <MemoryCardSkeleton />}
      <div ref={sentinel} className="memory-feed__end" hidden={more}>
        {isFetchNextPageError ? (
          <div className="memory-feed__failed" role="alert">
            <p>
              {t('feed.loadMoreFailed')} {errorMessage(t, query.error)}
            </p>
            <Button onClick={() => void fetchNextPage()}>{t('app.retry')}</Button>
          </div>
        ) : hasNextPage ? (
          <Button busy={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {isFetchingNextPage ? t('feed.loadingMore') : t('app.loadMore')}
          </Button>
        ) : (
          <p className="memory-feed__done">{t('app.end')}</p>
        )}
      </div>
    </div>
  );
}
