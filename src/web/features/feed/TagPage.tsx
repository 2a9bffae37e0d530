import { useParams } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useTagFeed } from './feed.api.ts';
import { MemoryFeed } from './MemoryFeed.tsx';
import './feed.css';

/** /tags/:tag: the memories with that hashtag the viewer may see. */
export function TagPage() {
  const t = useT();
  const tag = (useParams().tag ?? '').replace(/^#/, '');
  usePageTitle(`#${tag}`);
  const query = useTagFeed(tag);
  return (
    <section className="feed-page" aria-labelledby="tag-title">
      <header className="feed-page__head">
        <h1 id="tag-title" className="feed-page__title">
          #{tag}
        </h1>
        <p className="feed-page__intro">{t('feed.tagIntro', { tag })}</p>
      </header>
      <MemoryFeed
        key={tag}
        query={query}
        empty={
          <EmptyState title={t('feed.emptyTag.title', { tag })} body={t('feed.emptyTag.body', { tag })} />
        }
      />
    </section>
  );
}
