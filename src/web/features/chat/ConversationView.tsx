import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { MemberWithMarks, Message } from '../../../contract/chat.ts';
import { formatDay, formatTime } from '../../lib/format.ts';
import { useT, type T } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { markRead, retryMessage, setOnScreen, useOutbox, useTypists, type Pending } from './chat-live.ts';
import { useConversation, useMembers, useMessages } from './chat.api.ts';
import { conversationTitle } from './ConversationList.tsx';
import { MessageComposer } from './MessageComposer.tsx';

type Tick = { key: 'sent' | 'delivered' | 'read'; readers: number };

/** Where one of the viewer's messages has got to, from the other members' marks. */
function tickOf(message: Message, others: MemberWithMarks[]): Tick {
  const readers = others.filter((m) => m.readSeq >= message.seq).length;
  if (readers > 0) return { key: 'read', readers };
  if (others.some((m) => m.deliveredSeq >= message.seq)) return { key: 'delivered', readers: 0 };
  return { key: 'sent', readers: 0 };
}

function tickText(t: T, tick: Tick, group: boolean): string {
  if (tick.key === 'read' && group) return t('chat.readBy', { count: tick.readers });
  return t(`chat.status.${tick.key}`);
}

/** One conversation: its history (older messages above, loaded on demand), who is typing, the composer. */
export function ConversationView({ id }: { id: string }) {
  const t = useT();
  const me = useViewerId();
  const conversation = useConversation(id);
  const messages = useMessages(id);
  const members = useMembers(id);
  const outbox = useOutbox(id);
  const typists = useTypists(id);
  const log = useRef<HTMLDivElement>(null);
  const title = conversation.data ? conversationTitle(conversation.data, me, t) : undefined;
  usePageTitle(title);

  const held = (messages.data?.pages ?? []).flatMap((p) => p.data).reverse();
  const heldIds = new Set(held.map((m) => m.clientMessageId));
  // A message both acknowledged and still in the outbox for a moment is shown once.
  const pending = outbox.filter((p) => !heldIds.has(p.clientMessageId));
  const others = (members.data ?? []).filter((m) => m.id !== me);
  const group = conversation.data?.kind === 'group';
  const newest = held.at(-1);

  useEffect(() => {
    setOnScreen(id);
    return () => setOnScreen(null);
  }, [id]);
  // The newest message from someone else, read while this is on screen and the tab visible.
  const newestFromOthers = [...held].reverse().find((m) => m.senderId !== me);
  const myReadSeq = members.data?.find((m) => m.id === me)?.readSeq ?? 0;
  useEffect(() => {
    if (!newestFromOthers || newestFromOthers.seq <= myReadSeq) return;
    const read = () => {
      if (document.visibilityState === 'visible') markRead(newestFromOthers);
    };
    read();
    document.addEventListener('visibilitychange', read);
    return () => document.removeEventListener('visibilitychange', read);
  }, [newestFromOthers, myReadSeq]);

  // Stays at the bottom as messages arrive, unless the dancer scrolled up to read older ones.
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const el = log.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [newest?.id, pending.length, typists.length]);

  if (conversation.isError) {
    return (
      <section className="chat-view">
        <ErrorState error={conversation.error} onRetry={() => void conversation.refetch()} />
      </section>
    );
  }

  let lastDay = '';
  const dayOf = (iso: string): ReactNode => {
    const day = formatDay(iso);
    if (day === lastDay) return null;
    lastDay = day;
    return (
      <li className="chat-day">
        <span>{day}</span>
      </li>
    );
  };

  return (
    <section className="chat-view" aria-labelledby="chat-view-title">
      <header className="chat-view__head">
        <Link to="/chat" className="chat-view__back">
          <span aria-hidden="true">←</span>
          <span className="visually-hidden">{t('chat.back')}</span>
        </Link>
        <h2 id="chat-view-title" className="chat-view__title">
          {title ?? t('app.loading')}
        </h2>
      </header>
      <div
        ref={log}
        className="chat-log"
        role="log"
        aria-label={t('chat.messages')}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        <ol className="chat-log__list">
          {messages.hasNextPage && (
            <li className="chat-log__older">
              <Button
                size="sm"
                busy={messages.isFetchingNextPage}
                onClick={() => void messages.fetchNextPage()}
              >
                {t('chat.older')}
              </Button>
            </li>
          )}
          {messages.isPending && <li className="chat-log__status">{t('app.loading')}</li>}
          {messages.isError && (
            <li>
              <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
            </li>
          )}
          {held.map((m) => (
            <MessageRow key={m.id} day={dayOf(m.createdAt)} message={m} mine={m.senderId === me}>
              {m.senderId === me && !m.deletedAt && (
                <span className="chat-msg__status">{tickText(t, tickOf(m, others), group)}</span>
              )}
              {group && m.senderId !== me && (
                <span className="chat-msg__author">
                  {members.data?.find((x) => x.id === m.senderId)?.displayName}
                </span>
              )}
            </MessageRow>
          ))}
          {pending.map((p) => (
            <PendingRow key={p.clientMessageId} day={dayOf(p.createdAt)} pending={p} />
          ))}
        </ol>
      </div>
      <p className="chat-typing" aria-live="polite">
        {typists.length > 0 &&
          t('chat.typing', {
            count: typists.length,
            name: members.data?.find((m) => m.id === typists[0])?.displayName ?? '',
          })}
      </p>
      <MessageComposer conversationId={id} />
    </section>
  );
}

function MessageRow({
  day,
  message,
  mine,
  children,
}: {
  day: ReactNode;
  message: Message;
  mine: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <>
      {day}
      <li className={`chat-msg${mine ? ' chat-msg--mine' : ''}`} data-seq={message.seq}>
        <p className="chat-msg__body">{message.deletedAt ? t('chat.deleted') : message.body}</p>
        <span className="chat-msg__meta">
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          {message.editedAt && !message.deletedAt && <span> · {t('chat.edited')}</span>}
          {children}
        </span>
      </li>
    </>
  );
}

function PendingRow({ day, pending }: { day: ReactNode; pending: Pending }) {
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
