import { useMemo, useRef } from 'react';
import { Link } from 'react-router';
import type { Memory } from '../../../contract/social.ts';
import { formatCount } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { CommentForm } from './CommentForm.tsx';
import type { CommentContext } from './CommentItem.tsx';
import { CommentThread } from './CommentThread.tsx';
import { flattenComments, useComments } from './comments.api.ts';

/** Placeholders of the comments' size while the first page loads. */
export function CommentSkeletons() {
  return (
    <ol className="memory-comments__list" aria-hidden="true">
      {[0, 1, 2].map((i) => (
        <li key={i} className="memory-comment memory-comment--skeleton">
          <span className="memory-comment__avatar-skeleton" />
          <span className="memory-comment__lines">
            <span className="skeleton__line" />
            <span className="skeleton__line" />
            <span className="skeleton__line" />
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The comments under a memory, oldest first, "Load more" for the next page, and the form to add one. */
export function CommentSection({ memory }: { memory: Memory }) {
  const t = useT();
  const state = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const comments = useComments(memory.id, null);
  const list = flattenComments(comments.data);
  const viewerId = state.status === 'signedIn' ? state.user.id : null;
  const context = useMemo<CommentContext>(
    () => ({
      memoryId: memory.id,
      memoryAuthorId: memory.author.id,
      viewerId,
      onDeleted: () => heading.current?.focus(),
    }),
    [memory.id, memory.author.id, viewerId],
  );
  const count = memory.commentCount;

  return (
    <section className="memory-comments" aria-labelledby="memory-comments-title">
      <h2 id="memory-comments-title" ref={heading} tabIndex={-1} className="memory-comments__title">
        {t('memory.comments')}
        {count > 0 && (
          // The number is on the memory's comments link too; the heading's name stays "Comments".
          <span className="memory-comments__count" aria-hidden="true">
            {' · '}
            {formatCount(count)}
          </span>
        )}
      </h2>
      <div aria-busy={comments.isPending || undefined}>
        {comments.isPending ? (
          <CommentSkeletons />
        ) : comments.isError && !comments.data ? (
          <ErrorState error={comments.error} onRetry={() => void comments.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState
            title={t('memory.noComments')}
            body={viewerId ? t('memory.noCommentsBody') : t('memory.noCommentsSignedOut')}
          />
        ) : (
          <ol className="memory-comments__list">
            {list.map((c) => (
              <li key={c.id}>
                <CommentThread comment={c} context={context} />
              </li>
            ))}
          </ol>
        )}
        {comments.hasNextPage && (
          <Button
            className="memory-comments__more"
            busy={comments.isFetchingNextPage}
            onClick={() => void comments.fetchNextPage()}
          >
            {t('app.loadMore')}
          </Button>
        )}
        {comments.isFetchNextPageError && (
          <p className="field__error" role="alert">
            {t('memory.moreFailed')}
          </p>
        )}
      </div>
      {state.status === 'signedIn' ? (
        <CommentForm
          memoryId={memory.id}
          parentId={null}
          label={t('memory.addComment')}
          submitLabel={t('memory.comment')}
        />
      ) : state.status === 'signedOut' ? (
        <p className="memory-comments__login">
          <Link to={`/login?next=/m/${memory.id}`} className="btn btn--primary">
            {t('memory.logInToComment')}
          </Link>
        </p>
      ) : (
        <div className="memory-comments__login" aria-hidden="true" />
      )}
    </section>
  );
}
