import { lazy, Suspense, useRef, useState, type ReactNode, type Ref } from 'react';
import { Link } from 'react-router';
import type { Comment } from '../../../contract/social.ts';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format.ts';
import { errorMessage, useT, withAreas } from '../../lib/i18n.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Button } from '../../ui/Button.tsx';
import { Menu, type MenuItem } from '../../ui/Menu.tsx';
import { toast } from '../../ui/toast.tsx';
import { ReactIcon } from '../feed/feed-icons.tsx';
import { DeleteCommentDialog } from './DeleteCommentDialog.tsx';
import { commentError } from './CommentForm.tsx';
import { bodyProblem, CommentField } from './CommentField.tsx';
import { CommentText } from './CommentText.tsx';
import { useEditComment, useLikeComment } from './comments.api.ts';

// Loaded when someone first reports something, as on the memory card.
const ReportDialog = lazy(
  withAreas(['reports'], async () => ({
    default: (await import('../reports/ReportDialog.tsx')).ReportDialog,
  })),
);

export interface CommentContext {
  memoryId: string;
  memoryAuthorId: string;
  /** The signed-in dancer, or null. */
  viewerId: string | null;
  /** After a deletion: focus goes somewhere that stays. */
  onDeleted: () => void;
}

function LikeButton({ comment, context }: { comment: Comment; context: CommentContext }) {
  const t = useT();
  const like = useLikeComment(context.memoryId);
  const count = comment.likeCount;
  const shown = count > 0 ? formatCount(count) : '';
  if (!context.viewerId) {
    return (
      <span className="memory-comment__likes">
        {count > 0 && (
          <>
            <ReactIcon />
            <span aria-hidden="true">{shown}</span>
            <span className="visually-hidden">
              {t('memory.likes', { count, formatted: formatCount(count) })}
            </span>
          </>
        )}
      </span>
    );
  }
  return (
    <button
      type="button"
      className={`memory-comment__action memory-like${comment.likedByMe ? ' memory-like--on' : ''}`}
      aria-pressed={comment.likedByMe}
      aria-label={t('memory.like', { count, formatted: formatCount(count) })}
      onClick={() =>
        like.mutate(
          { id: comment.id, liked: !comment.likedByMe },
          { onError: (err) => toast(t('memory.likeFailed', { reason: errorMessage(t, err) }), 'error') },
        )
      }
    >
      <ReactIcon />
      <span className="memory-like__count" aria-hidden="true">
        {shown}
      </span>
    </button>
  );
}

/** The text of one's own comment, changed in place: Save keeps it, Cancel or Escape leaves it as it was. */
function EditComment({
  comment,
  memoryId,
  onDone,
}: {
  comment: Comment;
  memoryId: string;
  onDone: () => void;
}) {
  const t = useT();
  const edit = useEditComment(memoryId);
  const [text, setText] = useState(comment.body);
  const [error, setError] = useState<string>();
  const save = () => {
    if (edit.isPending) return;
    const problem = bodyProblem(t, text);
    if (problem) return setError(problem);
    if (text === comment.body) return onDone();
    edit.mutate(
      { id: comment.id, body: text },
      { onSuccess: onDone, onError: (err) => setError(commentError(t, err, text)) },
    );
  };
  return (
    <form
      className="memory-form memory-form--edit"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !edit.isPending) {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <CommentField
        label={t('memory.editLabel')}
        value={text}
        onChange={(value) => {
          setText(value);
          if (error) setError(undefined);
        }}
        onSubmit={save}
        error={error}
        busy={edit.isPending}
        autoFocus
        actions={
          <>
            <Button variant="ghost" size="sm" onClick={onDone} disabled={edit.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" variant="primary" size="sm" busy={edit.isPending}>
              {t('app.save')}
            </Button>
          </>
        }
      />
    </form>
  );
}

export interface CommentItemProps {
  comment: Comment;
  context: CommentContext;
  /** The Reply button: opens the reply form (of this comment, or of the parent for a reply). */
  onReply?: () => void;
  replyOpen?: boolean;
  replyButtonRef?: Ref<HTMLButtonElement>;
  /** Replies and the reply form, under the comment's text. */
  children?: ReactNode;
}

/** One comment: who and when, the text (or its editor), likes, Reply, and a menu of what one may do. */
export function CommentItem({
  comment,
  context,
  onReply,
  replyOpen,
  replyButtonRef,
  children,
}: CommentItemProps) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<'delete' | 'report' | null>(null);
  // Kept mounted once opened, so closing returns focus to the menu button.
  const [mounted, setMounted] = useState({ delete: false, report: false });
  const self = useRef<HTMLElement>(null);
  const { viewerId } = context;
  const isMine = viewerId === comment.author.id;
  const canDelete = isMine || viewerId === context.memoryAuthorId;
  const open = (which: 'delete' | 'report') => {
    setMounted((m) => ({ ...m, [which]: true }));
    setDialog(which);
  };
  const items: MenuItem[] = [];
  if (isMine) items.push({ label: t('app.edit'), onSelect: () => setEditing(true) });
  if (canDelete) items.push({ label: t('app.delete'), onSelect: () => open('delete'), danger: true });
  if (viewerId && !isMine) items.push({ label: t('memory.report'), onSelect: () => open('report') });

  const name = comment.author.displayName;
  const profile = `/u/${comment.author.username}`;
  const nameId = `comment-${comment.id}-author`;
  return (
    <article ref={self} className="memory-comment" aria-labelledby={nameId} tabIndex={-1}>
      <Link to={profile} className="memory-comment__avatar" tabIndex={-1} aria-hidden="true">
        <Avatar name={name} url={comment.author.avatarUrl} size="sm" />
      </Link>
      <div className="memory-comment__main">
        <header className="memory-comment__head">
          <p className="memory-comment__meta">
            <Link to={profile} id={nameId} className="memory-comment__name">
              {name}
            </Link>
            <span className="memory-comment__when">
              <span aria-hidden="true">· </span>
              <time dateTime={comment.createdAt} title={formatDateTime(comment.createdAt)}>
                {formatRelative(comment.createdAt)}
              </time>
            </span>
            {comment.editedAt && (
              <span className="memory-comment__when" title={formatDateTime(comment.editedAt)}>
                <span aria-hidden="true">· </span>
                {t('memory.edited')}
              </span>
            )}
          </p>
          {items.length > 0 && !editing && <Menu label={t('memory.actions', { name })} items={items} />}
        </header>
        {editing ? (
          <EditComment
            comment={comment}
            memoryId={context.memoryId}
            onDone={() => {
              setEditing(false);
              self.current?.focus();
            }}
          />
        ) : (
          <>
            <CommentText body={comment.body} />
            <div className="memory-comment__actions">
              <LikeButton comment={comment} context={context} />
              {viewerId && onReply && (
                <button
                  ref={replyButtonRef}
                  type="button"
                  className="memory-comment__action"
                  aria-label={t('memory.replyTo', { name })}
                  aria-expanded={replyOpen}
                  onClick={onReply}
                >
                  {t('memory.reply')}
                </button>
              )}
            </div>
          </>
        )}
        {children}
      </div>
      {mounted.delete && (
        <DeleteCommentDialog
          comment={comment}
          memoryId={context.memoryId}
          open={dialog === 'delete'}
          onClose={() => setDialog(null)}
          onDeleted={context.onDeleted}
        />
      )}
      {mounted.report && (
        <Suspense fallback={null}>
          <ReportDialog
            open={dialog === 'report'}
            onClose={() => setDialog(null)}
            target={{ type: 'comment', id: comment.id }}
          />
        </Suspense>
      )}
    </article>
  );
}
