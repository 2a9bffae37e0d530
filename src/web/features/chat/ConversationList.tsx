import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Conversation } from '../../../contract/chat.ts';
import { formatRelative } from '../../lib/format.ts';
import { errorMessage, useT, type T } from '../../lib/i18n.ts';
import { useMarkFirstContent } from '../../lib/use-first-content.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { usePresence } from './chat-presence.ts';
import { useConversations, useOpenConversation } from './chat.api.ts';
import { NewGroupDialog } from './NewGroupDialog.tsx';
import { PeopleSearch } from './PeopleSearch.tsx';

/** A direct conversation is named after the other dancer; a group by its name. */
export function conversationTitle(c: Conversation, me: string | null, t: T): string {
  if (c.kind === 'group') return c.name ?? t('chat.group');
  return c.members.find((m) => m.id !== me)?.displayName ?? t('chat.nobody');
}

function preview(c: Conversation, me: string | null, t: T): string {
  const last = c.lastMessage;
  if (!last) return t('chat.noMessagesYet');
  if (last.deletedAt) return t('chat.deleted');
  return last.senderId === me ? t('chat.you', { text: last.body }) : last.body;
}

/** Newest activity first, with unread counts; the open conversation marked. */
export function ConversationList({ activeId }: { activeId: string | undefined }) {
  const t = useT();
  const me = useViewerId();
  const query = useConversations();
  // The chat's first content: the list (or its empty or error state) has rendered.
  useMarkFirstContent(!query.isPending);
  const conversations = query.data?.pages.flatMap((p) => p.data) ?? [];
  const partners = conversations.flatMap((c) =>
    c.kind === 'direct' ? c.members.filter((m) => m.id !== me).map((m) => m.id) : [],
  );
  const presence = usePresence(partners);

  return (
    <section className="chat-list" aria-labelledby="chat-list-title">
      <h1 id="chat-list-title" className="chat-list__title">
        {t('chat.title')}
      </h1>
      <NewConversation />
      {query.isPending ? (
        <p className="chat-list__status" role="status">
          {t('app.loading')}
        </p>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : conversations.length === 0 ? (
        <EmptyState title={t('chat.emptyTitle')} body={t('chat.emptyBody')} />
      ) : (
        <ul className="chat-list__items">
          {conversations.map((c) => {
            const title = conversationTitle(c, me, t);
            const other = c.kind === 'direct' ? c.members.find((m) => m.id !== me) : undefined;
            return (
              <li key={c.id}>
                <Link
                  to={`/chat/${c.id}`}
                  className={`chat-item${c.id === activeId ? ' chat-item--active' : ''}`}
                  aria-current={c.id === activeId ? 'page' : undefined}
                >
                  <span className="chat-item__avatar">
                    <Avatar name={title} url={other?.avatarUrl} size="sm" />
                    {other && presence.get(other.id) && (
                      <span className="chat-item__online" aria-hidden="true" />
                    )}
                  </span>
                  <span className="chat-item__text">
                    <span className="chat-item__title">
                      {title}
                      {other && presence.get(other.id) && (
                        <span className="visually-hidden">, {t('chat.online')}</span>
                      )}
                    </span>
                    <span className="chat-item__preview">{preview(c, me, t)}</span>
                  </span>
                  <span className="chat-item__side">
                    <time className="chat-item__time" dateTime={c.lastActivityAt}>
                      {formatRelative(c.lastActivityAt)}
                    </time>
                    {c.unreadCount > 0 && (
                      <span className="badge">
                        {c.unreadCount}
                        <span className="visually-hidden"> {t('chat.unread', { count: c.unreadCount })}</span>
                      </span>
                    )}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {query.hasNextPage && (
        <Button busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('app.loadMore')}
        </Button>
      )}
    </section>
  );
}

/** Finds a dancer by name and opens the conversation with them (the server applies their message setting). */
function NewConversation() {
  const t = useT();
  const navigate = useNavigate();
  const open = useOpenConversation();
  const [grouping, setGrouping] = useState(false);
  return (
    <>
      <PeopleSearch
        label={t('chat.searchPeople')}
        pickLabel={(u) => t('chat.messageSomeone', { name: u.displayName })}
        disabled={open.isPending}
        error={open.isError ? errorMessage(t, open.error) : undefined}
        onPick={(u) =>
          open.mutate(
            { kind: 'direct', memberIds: [u.id] },
            { onSuccess: (c) => void navigate(`/chat/${c.id}`) },
          )
        }
      />
      <Button size="sm" onClick={() => setGrouping(true)}>
        {t('chat.newGroup')}
      </Button>
      <NewGroupDialog open={grouping} onClose={() => setGrouping(false)} />
    </>
  );
}
