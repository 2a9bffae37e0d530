import { useEffect, useRef } from 'react';
import type { Comment } from '../../../contract/social.ts';
import { formatCount } from '../../lib/format.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { toast } from '../../ui/toast.tsx';
import { useDeleteComment } from './comments.api.ts';

/** Asks before deleting a comment (and says its replies go with it); a failure is told in the dialog. */
export function DeleteCommentDialog({
  comment,
  memoryId,
  open,
  onClose,
  onDeleted,
}: {
  comment: Comment;
  memoryId: string;
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const t = useT();
  const remove = useDeleteComment(memoryId);
  const replies = comment.parentId === null ? comment.replyCount : 0;
  const close = () => {
    if (remove.isPending) return;
    remove.reset();
    onClose();
  };
  // The comment, and this dialog with it, leave the page as the cache drops it. Focus can move only
  // once the modal is gone from the DOM (the page behind it is inert until then): on unmount.
  const deleted = useRef(false);
  const afterDelete = useRef(onDeleted);
  afterDelete.current = onDeleted;
  useEffect(
    () => () => {
      if (deleted.current) afterDelete.current();
    },
    [],
  );
  const confirm = () =>
    remove.mutateAsync(comment).then(
      () => {
        deleted.current = true;
        toast(t('memory.deleted'));
        onClose();
      },
      () => undefined, // shown in the dialog from remove.error
    );
  return (
    <Dialog
      open={open}
      title={t('memory.deleteTitle')}
      onClose={close}
      actions={
        <>
          <Button onClick={close} disabled={remove.isPending}>
            {t('app.cancel')}
          </Button>
          <Button variant="danger" busy={remove.isPending} onClick={() => void confirm()}>
            {t('app.delete')}
          </Button>
        </>
      }
    >
      <p>
        {replies > 0
          ? t('memory.deleteBodyReplies', { count: replies, formatted: formatCount(replies) })
          : t('memory.deleteBody')}
      </p>
      <p className="field__error memory-dialog__error" role={remove.isError ? 'alert' : undefined}>
        {remove.isError ? errorMessage(t, remove.error) : ''}
      </p>
    </Dialog>
  );
}
