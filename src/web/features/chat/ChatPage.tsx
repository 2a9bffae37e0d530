import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { startChatLive } from './chat-live.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import './chat.css';

/** /chat and /chat/:id: on a phone the list or one conversation, from 768 px both side by side. */
export function ChatPage() {
  return (
    <RequireAuth>
      <Chat />
    </RequireAuth>
  );
}

function Chat() {
  const t = useT();
  const { id } = useParams();
  const queryClient = useQueryClient();
  useEffect(() => startChatLive(queryClient), [queryClient]);
  usePageTitle(id ? undefined : t('chat.title'));
  return (
    <div className={`chat${id ? ' chat--open' : ''}`}>
      <ConversationList activeId={id} />
      {id ? <ConversationView key={id} id={id} /> : <p className="chat__pick">{t('chat.pick')}</p>}
    </div>
  );
}
