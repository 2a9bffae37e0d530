import { useEffect, useRef, useState } from 'react';
import type { Comment } from '../../../contract/social.ts';
import { ApiError, newIdempotencyKey } from '../../lib/api.ts';
import { errorMessage, useT, type T } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { bodyProblem, CommentField } from './CommentField.tsx';
import { useCreateComment } from './comments.api.ts';

/** A failure in the dancer's words, on the field it concerns. */
export function commentError(t: T, err: unknown, text: string): string {
  if (err instanceof ApiError) {
    const paths = err.details.map((d) => d.path);
    if (paths.includes('body.parentId')) return t('memory.parentGone');
    if (paths.includes('body.body')) return bodyProblem(t, text) ?? errorMessage(t, err);
  }
  return errorMessage(t, err);
}

interface CommentFormProps {
  memoryId: string;
  /** A reply to this top-level comment; null for a comment on the memory. */
  parentId: string | null;
  label: string;
  submitLabel: string;
  /** "Reply" on a reply: starts the text with "@username " (again each time `at` changes). */
  mention?: { username: string; at: number } | undefined;
  autoFocus?: boolean;
  onCancel?: () => void;
  onPosted?: (comment: Comment) => void;
}

/**
 * Writes a comment or a reply. One Idempotency-Key per submission, kept for retries of the same text,
 * so a comment whose answer was lost is made once; a failure keeps the text and says why under it.
 */
export function CommentForm(props: CommentFormProps) {
  const { memoryId, parentId, label, submitLabel, mention, autoFocus, onCancel, onPosted } = props;
  const t = useT();
  const create = useCreateComment(memoryId);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const key = useRef<string | undefined>(undefined);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!mention) return;
    const prefix = `@${mention.username} `;
    setText((current) => (current.includes(prefix.trim()) ? current : prefix + current));
    area.current?.focus();
  }, [mention]);

  const submit = () => {
    if (create.isPending) return;
    const problem = bodyProblem(t, text);
    if (problem) {
      setError(problem);
      area.current?.focus();
      return;
    }
    setError(undefined);
    key.current ??= newIdempotencyKey();
    create.mutate(
      { body: text, parentId, idempotencyKey: key.current },
      {
        onSuccess: (comment) => {
          key.current = undefined;
          setText('');
          onPosted?.(comment);
        },
        onError: (err) => setError(commentError(t, err, text)),
      },
    );
  };

  return (
    <form
      className="memory-form"
      noValidate
      aria-busy={create.isPending || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <CommentField
        label={label}
        value={text}
        onChange={(value) => {
          setText(value);
          // Different text is a different submission.
          key.current = undefined;
          if (error) setError(undefined);
        }}
        onSubmit={submit}
        error={error}
        busy={create.isPending}
        textareaRef={area}
        autoFocus={autoFocus}
        actions={
          <>
            {onCancel && (
              <Button variant="ghost" size="sm" onClick={onCancel} disabled={create.isPending}>
                {t('app.cancel')}
              </Button>
            )}
            <Button type="submit" variant="primary" size="sm" busy={create.isPending}>
              {submitLabel}
            </Button>
          </>
        }
      />
    </form>
  );
}
