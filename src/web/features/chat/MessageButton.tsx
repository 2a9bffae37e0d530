import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { CreateConversationBody } from '../../../contract/chat.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Button } from '../../ui/Button.tsx';
import { toast } from '../../ui/toast.tsx';

/**
 * "Message" on a profile: opens the direct conversation (the dancer's message setting may refuse). The
 * chat's queries load when it is pressed (most often the badge in the navigation has loaded them by
 * then), so a profile's first load does without them.
 */
export function MessageButton({ userId }: { userId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const viewer = useViewerId() ?? '';
  const open = useMutation({
    mutationFn: async (body: CreateConversationBody) =>
      (await import('./chat.api.ts')).openConversation(queryClient, viewer, body),
  });
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
