import { useState, type ReactNode } from 'react';
import type { MemberWithMarks, Message } from '../../../contract/chat.ts';
import { MESSAGE_MAX_CHARS } from '../../../contract/rules.ts';
import { formatTime } from '../../lib/format.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Menu } from '../../ui/Menu.tsx';
import { toast } from '../../ui/toast.tsx';
import { retryMessage, type Pending } from './chat-live.ts';
import { useDeleteMessage, useEditMessage } from './chat.api.ts';

/** Where one of the viewer's messages has got to, from the other members' marks. */
function Ticks({ message, others, group }: { message: Message; others: MemberWithMarks[]; group: boolean }) {
  const t = useT();
  const readers = others.filter((m) => m.readSeq >= message.seq);
  if (readers.length > 0 && group) {
    // In a group, who read it is there on demand.
    return (
      <details className="chat-msg__readers">
        <summary>{t('chat.readBy', { count: readers.length })}</summary>
        <ul>
          {readers.map((m) => (
            <li key={m.id}>{m.displayName}</li>
          ))}
        </ul>
      </details>
    );
  }
  const key =
    readers.length > 0 ? 'read' : others.some((m) => m.deliveredSeq >= message.seq) ? 'delivered' : 'sent';
  return <span className="chat-msg__status">{t(`chat.status.${key}`)}</span>;
}

/** A message: its text (plain text), time, and for the viewer's own the ticks, edit and delete. */
export function MessageRow({
  day,
  message,
  mine,
  author,
  others,
  group,
}: {
  day: ReactNode;
  message: Message;
  mine: boolean;
  /** A group's messages from others say who wrote them. */
  author: string | undefined;
  others: MemberWithMarks[];
  group: boolean;
}) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.body);
  const edit = useEditMessage();
  const remove = useDeleteMessage();
  const deleted = message.deletedAt !== null;
  const fail = (err: unknown) => toast(errorMessage(t, err), 'error');
  const save = () => {
    if (text.trim() === '' || [...text].length > MESSAGE_MAX_CHARS) return;
    edit.mutate({ id: message.id, body: text }, { onSuccess: () => setEditing(false), onError: fail });
  };

  return (
    <>
      {day}
      <li className={`chat-msg${mine ? ' chat-msg--mine' : ''}`} data-seq={message.seq}>
        {author && <span className="chat-msg__author">{author}</span>}
        {editing ? (
          <form
            className="chat-msg__edit"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
              {t('chat.editMessage')}
            </label>
            <textarea
              id={`edit-${message.id}`}
              className="chat-composer__text"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <span className="chat-msg__edit-actions">
              <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
                {t('app.cancel')}
              </Button>
              <Button size="sm" type="submit" variant="primary" busy={edit.isPending}>
                {t('app.save')}
              </Button>
            </span>
          </form>
        ) : (
          <p className="chat-msg__body">{deleted ? t('chat.deleted') : message.body}</p>
        )}
        <span className="chat-msg__meta">
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          {message.editedAt && !deleted && <span>{t('chat.edited')}</span>}
          {mine && !deleted && <Ticks message={message} others={others} group={group} />}
          {mine && !deleted && !editing && (
            <Menu
              label={t('chat.messageActions')}
              items={[
                {
                  label: t('app.edit'),
                  onSelect: () => {
                    setText(message.body);
                    setEditing(true);
                  },
                },
                {
                  label: t('app.delete'),
                  danger: true,
                  onSelect: () => remove.mutate(message, { onError: fail }),
                },
              ]}
            />
          )}
        </span>
      </li>
    </>
  );
}

/** A message not yet acknowledged: sending, or refused with a retry that keeps its clientMessageId. */
export function PendingRow({ day, pending }: { day: ReactNode; pending: Pending }) {
  const t = useT();
  return (
    <>
      {day}
      <li className="chat-msg chat-msg--mine chat-msg--pending">
        <p className="chat-msg__body">{pending.body}</p>
        <span className="chat-msg__meta">
          {pending.state === 'failed' ? (
            <>
              <span className="chat-msg__failed">{t('chat.status.failed')}</span>
              <Button size="sm" onClick={() => retryMessage(pending.clientMessageId)}>
                {t('chat.retry')}
              </Button>
            </>
          ) : (
            <span className="chat-msg__status">{t('chat.status.sending')}</span>
          )}
        </span>
      </li>
    </>
  );
}
