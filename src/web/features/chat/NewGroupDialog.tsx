import { useState } from 'react';
import { useNavigate } from 'react-router';
import { GROUP_NAME_MAX_LENGTH } from '../../../contract/rules.ts';
import type { PublicUser } from '../../../contract/users.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useOpenConversation } from './chat.api.ts';
import { PeopleSearch } from './PeopleSearch.tsx';

/** A group: its name and the dancers in it (each one's message setting must accept the creator). */
export function NewGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const create = useOpenConversation();
  const [name, setName] = useState('');
  const [people, setPeople] = useState<PublicUser[]>([]);
  const ready = name.trim() !== '' && people.length > 0;
  const close = () => {
    setName('');
    setPeople([]);
    create.reset();
    onClose();
  };
  const submit = () =>
    create.mutate(
      { kind: 'group', name: name.trim(), memberIds: people.map((p) => p.id) },
      {
        onSuccess: (c) => {
          close();
          void navigate(`/chat/${c.id}`);
        },
      },
    );

  return (
    <Dialog
      open={open}
      title={t('chat.newGroup')}
      onClose={close}
      actions={
        <Button variant="primary" disabled={!ready} busy={create.isPending} onClick={submit}>
          {t('chat.createGroup')}
        </Button>
      }
    >
      <TextField
        label={t('chat.groupName')}
        maxLength={GROUP_NAME_MAX_LENGTH}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      {people.length > 0 && (
        <ul className="chat-picked" aria-label={t('chat.inTheGroup')}>
          {people.map((p) => (
            <li key={p.id}>
              <span>{p.displayName}</span>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setPeople(people.filter((x) => x.id !== p.id))}
              >
                {t('chat.removeSomeone', { name: p.displayName })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <PeopleSearch
        label={t('chat.addPeople')}
        pickLabel={(u) => t('chat.addSomeone', { name: u.displayName })}
        exclude={people.map((p) => p.id)}
        onPick={(u) => setPeople([...people, u])}
      />
      {create.isError && (
        <p className="chat-composer__error" role="alert">
          {errorMessage(t, create.error)}
        </p>
      )}
    </Dialog>
  );
}
