import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Conversation } from '../../../contract/chat.ts';
import { GROUP_NAME_MAX_LENGTH } from '../../../contract/rules.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/Field.tsx';
import { toast } from '../../ui/toast.tsx';
import { groupCalls, useGroupChange, useMembers } from './chat.api.ts';
import { PeopleSearch } from './PeopleSearch.tsx';

/**
 * A group's members: admins add, remove and rename (within each dancer's message setting); anyone
 * leaves. A group's chat (groupId) only lists them: who is in it, and its name, follow the group.
 */
export function GroupPanel({
  conversation,
  open,
  onClose,
}: {
  conversation: Conversation;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const me = useViewerId();
  const navigate = useNavigate();
  const id = conversation.id;
  const members = useMembers(id);
  const add = useGroupChange(groupCalls.add(id), id);
  const remove = useGroupChange(groupCalls.remove(id), id);
  const leave = useGroupChange(groupCalls.leave(id), id);
  const rename = useGroupChange(groupCalls.rename(id), id);
  const [name, setName] = useState(conversation.name ?? '');
  const ofGroup = conversation.groupId;
  const admin = ofGroup === null && (members.data?.some((m) => m.id === me && m.role === 'admin') ?? false);
  const fail = (err: unknown) => toast(errorMessage(t, err), 'error');

  return (
    <Dialog open={open} title={t('chat.membersTitle')} onClose={onClose}>
      {admin && (
        <form
          className="chat-group__rename"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) rename.mutate(name.trim(), { onError: fail });
          }}
        >
          <TextField
            label={t('chat.groupName')}
            maxLength={GROUP_NAME_MAX_LENGTH}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <Button
            size="sm"
            type="submit"
            busy={rename.isPending}
            disabled={name.trim() === conversation.name}
          >
            {t('chat.rename')}
          </Button>
        </form>
      )}
      <ul className="chat-picked" aria-label={t('chat.inTheGroup')}>
        {(members.data ?? []).map((m) => (
          <li key={m.id}>
            <Avatar name={m.displayName} url={m.avatarUrl} size="sm" />
            <span>
              {m.displayName}
              {m.role === 'admin' && <span className="chat-group__role"> · {t('chat.admin')}</span>}
            </span>
            {admin && m.id !== me && (
              <Button
                size="sm"
                variant="ghost"
                busy={remove.isPending && remove.variables === m.id}
                onClick={() => remove.mutate(m.id, { onError: fail })}
              >
                {t('chat.removeSomeone', { name: m.displayName })}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {admin && (
        <PeopleSearch
          label={t('chat.addPeople')}
          pickLabel={(u) => t('chat.addSomeone', { name: u.displayName })}
          exclude={(members.data ?? []).map((m) => m.id)}
          disabled={add.isPending}
          onPick={(u) => add.mutate([u.id], { onError: fail })}
        />
      )}
      {ofGroup !== null ? (
        <p className="chat-group__note">
          {t('chat.groupChatNote')}{' '}
          <Link to={`/groups/${encodeURIComponent(ofGroup)}`}>{t('chat.openGroup')}</Link>
        </p>
      ) : (
        <Button
          variant="danger"
          busy={leave.isPending}
          onClick={() =>
            leave.mutate(undefined, {
              onSuccess: () => {
                onClose();
                void navigate('/chat');
              },
              onError: fail,
            })
          }
        >
          {t('chat.leave')}
        </Button>
      )}
    </Dialog>
  );
}
