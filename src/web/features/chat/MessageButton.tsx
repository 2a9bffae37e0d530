import { useNavigate } from 'react-router';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { toast } from '../../ui/toast.tsx';
import { useOpenConversation } from './chat.api.ts';

/** "Message" on a profile: opens the direct conversation (the dancer's message setting may refuse). */
export function MessageButton({ userId }: { userId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const open = useOpenConversation();
  return (
    <Button
      busy={open.isPending}
      onClick={() =>
        open.mutate(
          { kind: 'direct', memberIds: [userId] },
          {
            onSuccess: (c) => void navigate(`/chat/${c.id}`),
            onError: (err) => toast(errorMessage(t, err), 'error'),
          },
        )
      }
    >
      {t('chat.messageButton')}
    </Button>
  );
}
