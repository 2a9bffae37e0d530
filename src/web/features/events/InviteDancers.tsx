import { useState } from 'react';
import type { InvitationsResult, TangoEvent } from '../../../contract/events.ts';
import { EVENT_INVITATIONS_MAX } from '../../../contract/rules.ts';
import { ApiError } from '../../lib/api.ts';
import { currentLocale, errorMessage, useT, type T } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/Field.tsx';
import { formatDate } from './event-time.ts';
import { useInvite } from './events.api.ts';

/** "@ana, bruno carla" → ["ana", "bruno", "carla"], each once. */
function namesIn(text: string): string[] {
  const names = text
    .split(/[\s,;]+/)
    .map((n) => n.replace(/^@/, ''))
    .filter((n) => n !== '');
  return [...new Set(names)];
}

/** A refusal naming one of the dancers (its detail path ends with their index) says who. */
function inviteError(t: T, err: unknown, names: string[]): string {
  if (err instanceof ApiError) {
    const index = Number(/usernames\.(\d+)$/.exec(err.details[0]?.path ?? '')?.[1] ?? Number.NaN);
    const name = names[index];
    if (name !== undefined && err.status === 404) return t('events.invite.unknown', { name });
    if (name !== undefined) return t('events.invite.cannotInvite', { name });
  }
  return errorMessage(t, err);
}

/** For organisers and dancers going: a button opening a dialog to invite dancers to the date shown. */
export function InviteDancers({ event, date }: { event: TangoEvent; date: string }) {
  const t = useT();
  const invite = useInvite(event.id);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [result, setResult] = useState<InvitationsResult | null>(null);
  const close = () => {
    setOpen(false);
    setText('');
    setError('');
    setResult(null);
    invite.reset();
  };
  const submit = () => {
    const names = namesIn(text);
    if (names.length === 0) return setError(t('events.invite.empty'));
    if (names.length > EVENT_INVITATIONS_MAX) return setError(t('events.invite.tooMany'));
    setError('');
    setResult(null);
    invite.mutate(
      { usernames: names, date },
      {
        onSuccess: (data) => {
          setResult(data);
          setText('');
        },
        onError: (err) => setError(inviteError(t, err, names)),
      },
    );
  };
  const list = (names: string[]) => names.map((n) => `@${n}`).join(', ');

  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('events.invite.open')}</Button>
      <Dialog
        open={open}
        title={t('events.invite.title', { date: formatDate(date, 'short', currentLocale()) })}
        onClose={close}
        actions={
          <Button variant="primary" busy={invite.isPending} onClick={submit}>
            {t('events.invite.send')}
          </Button>
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <TextField
            label={t('events.invite.usernames')}
            hint={t('events.invite.hint')}
            value={text}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            error={error || undefined}
          />
        </form>
        <div role="status">
          {result && result.invited.length > 0 && (
            <p>{t('events.invite.invited', { names: list(result.invited) })}</p>
          )}
          {result && result.skipped.length > 0 && (
            <p>{t('events.invite.skipped', { names: list(result.skipped) })}</p>
          )}
        </div>
      </Dialog>
    </>
  );
}
