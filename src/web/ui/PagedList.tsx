import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { Fragment, type ReactNode } from 'react';
import type { Page } from '../lib/api.ts';
import { errorMessage, useT } from '../lib/i18n.ts';
import { Button } from './Button.tsx';
import { ErrorState } from './ErrorState.tsx';
import './paged-list.css';

/** Any paged list the API answers ({data, meta: {nextCursor, hasMore}}), through useInfiniteQuery. */
export type PagedQuery<T> = UseInfiniteQueryResult<InfiniteData<Page<T>>, Error>;

export interface PagedListProps<T> {
  query: PagedQuery<T>;
  /** One item: an <li>. */
  renderItem: (item: T) => ReactNode;
  /** One <li aria-hidden> of an item's final height, shown five times while the first page loads. */
  renderSkeleton: () => ReactNode;
  /** What an empty list shows: an EmptyState with the next step. */
  empty: ReactNode;
  /** The <ul>'s class. */
  className: string;
  /** The list's accessible name, where the page holds more than one list. */
  label?: string | undefined;
}

/**
 * A list read a page at a time with "Load more": skeleton rows while the first page loads, an error
 * with a retry, the empty state, and a failed next page said where the button was, with a retry.
 */
export function PagedList<T>({
  query,
  renderItem,
  renderSkeleton,
  empty,
  className,
  label,
}: PagedListProps<T>) {
  const t = useT();
  const items = query.data?.pages.flatMap((p) => p.data) ?? [];

  if (query.isPending) {
    return (
      <ul className={className} aria-busy="true" aria-label={label}>
        <li className="visually-hidden" role="status">
          {t('app.loading')}
        </li>
        {[0, 1, 2, 3, 4].map((i) => (
          <Fragment key={i}>{renderSkeleton()}</Fragment>
        ))}
      </ul>
    );
  }
  if (query.isError && items.length === 0) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (items.length === 0) return <>{empty}</>;

  return (
    <>
      <ul className={className} aria-label={label}>
        {items.map(renderItem)}
      </ul>
      <div className="paged-list__end">
        {query.isFetchNextPageError ? (
          <div className="paged-list__failed" role="alert">
            <p>{errorMessage(t, query.error)}</p>
            <Button onClick={() => void query.fetchNextPage()}>{t('app.retry')}</Button>
          </div>
        ) : query.hasNextPage ? (
          <Button busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('app.loadMore')}
          </Button>
        ) : null}
      </div>
    </>
  );
}
