import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { useMemory } from '../feed/feed.api.ts';
import { MemoryCard } from '../feed/MemoryCard.tsx';
import { CommentSection, CommentSkeletons } from './CommentSection.tsx';
import { useLiveMemory } from './comments.api.ts';
import './memory.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Private, deleted, never there, or not an id at all: the same answer, which reveals nothing. */
function MemoryNotFound() {
  const t = useT();
  return (
    <section className="page">
      <h1 className="page__title">{t('memory.notFoundTitle')}</h1>
      <p>{t('memory.notFoundBody')}</p>
      <p>
        <Link to="/" className="btn btn--primary">
          {t('errors.backHome')}
        </Link>
      </p>
    </section>
  );
}

/** /m/:id — one memory with its comments and their replies, kept live while it is open. */
export function MemoryPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const t = useT();
  const navigate = useNavigate();
  const memory = useMemory(id);
  useLiveMemory(id, valid);
  const notFound = !valid || (memory.error instanceof ApiError && [400, 404].includes(memory.error.status));
  const name = memory.data?.author.displayName;
  usePageTitle(notFound ? t('memory.notFoundTitle') : name ? t('memory.title', { name }) : t('app.loading'));

  if (notFound) return <MemoryNotFound />;
  if (!memory.data) {
    return (
      <section className="page memory-page" aria-busy={memory.isPending || undefined}>
        <h1 className="visually-hidden">{t('app.loading')}</h1>
        {memory.isError ? (
          <div className="memory-page__error">
            <ErrorState error={memory.error} onRetry={() => void memory.refetch()} />
          </div>
        ) : (
          <>
            <div className="memory-page__card-skeleton" aria-hidden="true">
              <span className="memory-comment__avatar-skeleton memory-page__avatar-skeleton" />
              <span className="memory-comment__lines">
                <span className="skeleton__line" />
                <span className="skeleton__line" />
                <span className="skeleton__line" />
                <span className="skeleton__line" />
              </span>
            </div>
            <div className="memory-comments">
              <CommentSkeletons />
            </div>
          </>
        )}
      </section>
    );
  }
  return (
    <section className="page memory-page">
      <h1 className="visually-hidden">{t('memory.title', { name: memory.data.author.displayName })}</h1>
      <MemoryCard memory={memory.data} full onDeleted={() => void navigate('/', { replace: true })} />
      <CommentSection memory={memory.data} />
    </section>
  );
}
