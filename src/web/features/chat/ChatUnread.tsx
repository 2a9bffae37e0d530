import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { formatCount } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { startChatLive } from './chat-live.ts';
import { useConversations } from './chat.api.ts';

/**
 * The navigation's count of conversations with unread messages, live. Loaded after the first paint
 * (Shell.tsx), it also starts the chat's live side on every page, for the tab-title count and the tone.
 */
export function ChatUnread() {
  const t = useT();
  const queryClient = useQueryClient();
  useEffect(() => startChatLive(queryClient), [queryClient]);
  const conversations = useConversations();
  const unread = (conversations.data?.pages ?? [])
    .flatMap((p) => p.data)
    .filter((c) => c.unreadCount > 0).length;
  return (
    <>
      {unread > 0 && <span className="visually-hidden">{t('nav.unread', { count: unread })}</span>}
      <span className={`badge badge--chat${unread > 0 ? '' : ' badge--empty'}`} aria-hidden="true">
        {unread > 0 ? formatCount(unread) : ''}
      </span>
    </>
  );
}
