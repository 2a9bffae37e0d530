import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PagedList, type PagedListProps } from './PagedList.tsx';
import './directory-list.css';

// A directory (the cities, the groups): one row per entry, its icon beside two lines (its name, then
// what it holds), the same height loaded or loading.

/** A paged directory: a PagedList of DirectoryRows, with rows of their final height while it loads. */
export function DirectoryList<T>(props: Omit<PagedListProps<T>, 'className' | 'renderSkeleton'>) {
  return <PagedList {...props} className="directory" renderSkeleton={DirectoryRowSkeleton} />;
}

/**
 * One entry, a link: its icon, its name (with what follows it: a muted `directory__tag`, say) and the
 * line under it.
 */
export function DirectoryRow({
  to,
  icon,
  name,
  meta,
}: {
  to: string;
  icon: ReactNode;
  name: ReactNode;
  meta: ReactNode;
}) {
  return (
    <li className="directory__row">
      <Link to={to} className="directory__link">
        {icon}
        <span className="directory__name">{name}</span>
        <span className="directory__meta">{meta}</span>
      </Link>
    </li>
  );
}

const DirectoryRowSkeleton = () => (
  <li className="directory__row directory__row--skeleton" aria-hidden="true" />
);
