import { useParams } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useTagFeed } from './feed.api.ts';
import { FeedPage } from './FeedPage.tsx';

/** /tags/:tag: the memories with that hashtag the viewer may see. */
export function TagPage() {
  const t = useT();
  const tag = (useParams().tag ?? '').replace(/^#/, '');
  return (
    <FeedPage
      key={tag}
      title={`#${tag}`}
      intro={t('feed.tagIntro', { tag })}
      query={useTagFeed(tag)}
      empty={<EmptyState title={t('feed.emptyTag.title', { tag })} body={t('feed.emptyTag.body', { tag })} />}
    />
  );
}
