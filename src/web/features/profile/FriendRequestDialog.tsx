import { useState, type FormEvent } from 'react';
import {
  FRIEND_REQUEST_MESSAGE_MAX_LENGTH,
  FRIEND_REQUEST_WHERE_MAX_LENGTH,
} from '../../../contract/rules.ts';
import { ApiError } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextArea, TextField } from '../../ui/Field.tsx';
import { toast } from '../../ui/toast.tsx';
import { useSendFriendRequest, type FriendRequestInput } from './profile.api.ts';
import { localToday } from './profile-format.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  username: string;
  name: string;
}

/** "Add friend", with the "we danced" note: where and when (optional), and a message. */
export function FriendRequestDialog({ open, onClose, username, name }: Props) {
  const t = useT();
  return (
    <Dialog open={open} title={t('profile.friendDialogTitle', { name })} onClose={onClose}>
      <FriendRequestForm username={username} name={name} onDone={onClose} />
    </Dialog>
  );
}

type FieldErrors = Partial<Record<'where' | 'when' | 'message', string>>;

function FriendRequestForm({
  username,
  name,
  onDone,
}: {
  username: string;
  name: string;
  onDone: () => void;
}) {
  const t = useT();
  const send = useSendFriendRequest(username);
  const [danced, setDanced] = useState(false);
  const [where, setWhere] = useState('');
  const [when, setWhen] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const today = localToday();

  const check = (): FieldErrors => {
    const found: FieldErrors = {};
    if (danced && where.trim().length > FRIEND_REQUEST_WHERE_MAX_LENGTH) {
      found.where = t('profile.whereTooLong', { max: FRIEND_REQUEST_WHERE_MAX_LENGTH });
    }
    if (danced && when && when > today) found.when = t('profile.whenFuture');
    if (message.trim().length > FRIEND_REQUEST_MESSAGE_MAX_LENGTH) {
      found.message = t('profile.messageTooLong', { max: FRIEND_REQUEST_MESSAGE_MAX_LENGTH });
    }
    return found;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = check();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    const body: FriendRequestInput = {};
    if (danced) {
      body.danced = true;
      if (where.trim()) body.where = where.trim();
      if (when) body.when = when;
    }
    if (message.trim()) body.message = message.trim();
    send.mutate(body, {
      onSuccess: (fr) => {
        toast(t(fr.status === 'accepted' ? 'profile.nowFriends' : 'profile.sent', { name }));
        onDone();
      },
      onError: (err) => {
        const fields: FieldErrors = {};
        if (err instanceof ApiError) {
          for (const d of err.details) {
            if (d.path === 'body.when') fields.when = t('profile.whenFuture');
            if (d.path === 'body.where')
              fields.where = t('profile.whereTooLong', { max: FRIEND_REQUEST_WHERE_MAX_LENGTH });
            if (d.path === 'body.message') {
              fields.message = t('profile.messageTooLong', { max: FRIEND_REQUEST_MESSAGE_MAX_LENGTH });
            }
          }
        }
        setErrors(fields);
        if (Object.keys(fields).length === 0) setFormError(errorMessage(t, err));
      },
    });
  };

  return (
    <form className="form profile-friend-form" onSubmit={submit} noValidate>
      <p className="profile-friend-form__intro">{t('profile.friendDialogIntro')}</p>
      <label className="profile-check">
        <input type="checkbox" checked={danced} onChange={(e) => setDanced(e.target.checked)} />
        <span>{t('profile.danced')}</span>
      </label>
      {danced && (
        <div className="profile-friend-form__danced">
          <TextField
            label={t('profile.where')}
            hint={t('profile.whereHint')}
            error={errors.where}
            value={where}
            maxLength={FRIEND_REQUEST_WHERE_MAX_LENGTH}
            autoComplete="off"
            onChange={(e) => setWhere(e.target.value)}
          />
          <TextField
            label={t('profile.when')}
            type="date"
            error={errors.when}
            value={when}
            max={today}
            onChange={(e) => setWhen(e.target.value)}
          />
        </div>
      )}
      <TextArea
        label={t('profile.message')}
        error={errors.message}
        value={message}
        maxLength={FRIEND_REQUEST_MESSAGE_MAX_LENGTH}
        rows={3}
        onChange={(e) => setMessage(e.target.value)}
      />
      <p className="profile-form-error" role={formError ? 'alert' : undefined}>
        {formError ?? ''}
      </p>
      <div className="dialog__actions">
        <Button variant="ghost" onClick={onDone}>
          {t('app.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={send.isPending}>
          {t('profile.send')}
        </Button>
      </div>
    </form>
  );
}
