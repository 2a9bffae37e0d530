import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDay } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { markRead, setOnScreen, useOutbox, useTypists } from './chat-live.ts';
import { useConversation, useMembers, useMessages } from './chat.api.ts';
import { conversationTitle } from './ConversationList.tsx';
import { GroupPanel } from './GroupPanel.tsx';
import { MessageComposer } from './MessageComposer.tsx';
import { MessageRow, PendingRow } from './MessageRow.tsx';

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
  const nameOf = (userId: string) => members.data?.find((m) => m.id === userId)?.displayName;
  const [panel, setPanel] = useState(false);
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

  // Older messages load as the top comes near; what was on screen stays where it was.
  const older = useRef<HTMLLIElement>(null);
  const fromBottom = useRef<number | null>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = messages;
  const loadOlder = () => {
    if (log.current) fromBottom.current = log.current.scrollHeight - log.current.scrollTop;
    void fetchNextPage();
  };
  useEffect(() => {
    const root = log.current;
    const target = older.current;
    if (!root || !target || !hasNextPage || isFetchingNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        fromBottom.current = root.scrollHeight - root.scrollTop;
        void fetchNextPage();
      },
      { root, rootMargin: '200px 0px 0px 0px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const oldest = held[0]?.id;
  useLayoutEffect(() => {
    const el = log.current;
    if (!el || fromBottom.current === null) return;
    el.scrollTop = el.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [oldest]);

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
        {group && conversation.data && (
          <>
            <Button size="sm" className="chat-view__members" onClick={() => setPanel(true)}>
              {t('chat.members', { count: conversation.data.memberCount })}
            </Button>
            <GroupPanel conversation={conversation.data} open={panel} onClose={() => setPanel(false)} />
          </>
        )}
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
            <li className="chat-log__older" ref={older}>
              <Button size="sm" busy={messages.isFetchingNextPage} onClick={loadOlder}>
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
            <MessageRow
              key={m.id}
              day={dayOf(m.createdAt)}
              message={m}
              mine={m.senderId === me}
              author={group && m.senderId !== me ? nameOf(m.senderId) : undefined}
              others={others}
              group={group}
            />
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
            name: nameOf(typists[0] ?? '') ?? '',
          })}
      </p>
      <MessageComposer conversationId={id} />
    </section>
  );
}
