import { useId, type ReactNode } from 'react';
import { usePageTitle } from '../../lib/page-title.ts';
import type { MemoryListQuery } from './feed.api.ts';
import { MemoryFeed } from './MemoryFeed.tsx';
import './feed.css';

interface FeedPageProps {
  /** The page's heading, also its title in the tab. */
  title: string;
  /** Shown before the title's text (an icon). */
  icon?: ReactNode;
  intro: string;
  query: MemoryListQuery;
  /** What an empty list shows: an EmptyState with the next step. */
  empty: ReactNode;
  /** The list's accessible name (MemoryFeed's default otherwise). */
  label?: string;
  /** A way on, under the introduction (a link). */
  action?: ReactNode;
}

/** A page that is one list of memories under a heading and a line of introduction (explore, a tag…). */
export function FeedPage({ title, icon, intro, query, empty, label, action }: FeedPageProps) {
  const titleId = useId();
  usePageTitle(title);
  return (
    <section className="feed-page" aria-labelledby={titleId}>
      <header className="feed-page__head">
        <h1 id={titleId} className={`feed-page__title${icon ? ' feed-page__title--icon' : ''}`}>
          {icon}
          {title}
        </h1>
        <p className="feed-page__intro">{intro}</p>
        {action}
      </header>
      <MemoryFeed query={query} empty={empty} {...(label === undefined ? {} : { label })} />
    </section>
  );
}
