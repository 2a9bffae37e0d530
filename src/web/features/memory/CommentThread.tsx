import { useId, useRef, useState } from 'react';
import type { Comment } from '../../../contract/social.ts';
import { formatCount } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { CommentForm } from './CommentForm.tsx';
import { CommentItem, type CommentContext } from './CommentItem.tsx';
import { flattenComments, useComments } from './comments.api.ts';

/** Placeholders of a reply's size while replies load (at most three). */
function ReplySkeletons({ count }: { count: number }) {
  return (
    <ol className="memory-replies" aria-hidden="true">
      {Array.from({ length: Math.min(3, Math.max(1, count)) }, (_, i) => (
        <li key={i} className="memory-comment memory-comment--skeleton">
          <span className="memory-comment__avatar-skeleton" />
          <span className="memory-comment__lines">
            <span className="skeleton__line" />
            <span className="skeleton__line" />
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * A top-level comment with its replies (one level deep), folded until asked, and its reply form. Reply
 * on a reply answers in the same thread, starting with "@username".
 */
export function CommentThread({ comment, context }: { comment: Comment; context: CommentContext }) {
  const t = useT();
  const listId = useId();
  const [expanded, setExpanded] = useState(false);
  const [replying, setReplying] = useState(false);
  const [mention, setMention] = useState<{ username: string; at: number }>();
  const replyButton = useRef<HTMLButtonElement>(null);
  const replies = useComments(context.memoryId, comment.id, expanded && comment.replyCount > 0);
  const loaded = flattenComments(replies.data);
  // Once every reply is loaded their number is exact, even between two refetches of this comment.
  const count = replies.data && !replies.hasNextPage ? loaded.length : comment.replyCount;

  const reply = (to?: Comment) => {
    setReplying(true);
    setExpanded(true);
    if (to && to.author.id !== context.viewerId) setMention({ username: to.author.username, at: Date.now() });
  };
  const closeForm = () => {
    setReplying(false);
    setMention(undefined);
    replyButton.current?.focus();
  };

  return (
    <CommentItem
      comment={comment}
      context={context}
      onReply={() => (replying ? closeForm() : reply())}
      replyOpen={replying}
      replyButtonRef={replyButton}
    >
      {count > 0 && (
        <button
          type="button"
          className="memory-replies__toggle"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded
            ? t('memory.hideReplies')
            : t('memory.viewReplies', { count, formatted: formatCount(count) })}
        </button>
      )}
      <div id={listId} hidden={!expanded || count === 0}>
        {expanded && count > 0 && replies.isPending && <ReplySkeletons count={count} />}
        {replies.isError && !replies.data && (
          <ErrorState error={replies.error} onRetry={() => void replies.refetch()} />
        )}
        {loaded.length > 0 && (
          <ol className="memory-replies">
            {loaded.map((r) => (
              <li key={r.id}>
                <CommentItem comment={r} context={context} onReply={() => reply(r)} />
              </li>
            ))}
          </ol>
        )}
        {replies.hasNextPage && (
          <Button
            variant="ghost"
            size="sm"
            className="memory-replies__more"
            busy={replies.isFetchingNextPage}
            onClick={() => void replies.fetchNextPage()}
          >
            {t('memory.moreReplies')}
          </Button>
        )}
        {replies.isFetchNextPageError && (
          <p className="field__error" role="alert">
            {t('memory.moreFailed')}
          </p>
        )}
      </div>
      {replying && (
        <CommentForm
          memoryId={context.memoryId}
          parentId={comment.id}
          label={t('memory.replyLabel', { name: comment.author.displayName })}
          submitLabel={t('memory.reply')}
          mention={mention}
          autoFocus
          onCancel={closeForm}
          onPosted={closeForm}
        />
      )}
    </CommentItem>
  );
}
