import { useEffect, useState, type FormEvent } from 'react';
import { MEMORY_BODY_MAX_CHARS, VISIBILITY_VALUES } from '../../../contract/rules.ts';
import type { Memory, VisibilityValue } from '../../../contract/social.ts';
import { ApiError } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { SelectField, TextArea, TextField } from '../../ui/Field.tsx';
import { toast } from '../../ui/toast.tsx';
import { useDeleteMemory, useEditMemory } from './feed.api.ts';
import { CharCounter, charCount } from './CharCounter.tsx';

/** The API's message for one field of a failed request, if it named that field. */
export function fieldError(t: ReturnType<typeof useT>, err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return err.details.some((d) => d.path === `body.${field}`) ? errorMessage(t, err) : undefined;
}

/** The author edits text, visibility and city in a dialog; the card shows the saved version. */
export function EditMemoryDialog({
  memory,
  open,
  onClose,
}: {
  memory: Memory;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  // The form mounts with each opening (the dialog renders its content only while open), so it starts
  // from the memory as it is then, and a push that changes the memory never wipes what is being typed.
  return (
    <Dialog open={open} title={t('feed.editTitle')} onClose={onClose}>
      <EditMemoryForm memory={memory} onClose={onClose} />
    </Dialog>
  );
}

function EditMemoryForm({ memory, onClose }: { memory: Memory; onClose: () => void }) {
  const t = useT();
  const edit = useEditMemory();
  const [body, setBody] = useState(memory.body);
  // A memory shared in a group stays in it: its visibility is not the author's to change.
  const inGroup = memory.visibility === 'group';
  const [visibility, setVisibility] = useState<VisibilityValue>(
    memory.visibility === 'group' ? 'public' : memory.visibility,
  );
  const [city, setCity] = useState(memory.city ?? '');

  const invalid = charCount(body) > MEMORY_BODY_MAX_CHARS || body.trim() === '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    edit.mutate(
      { id: memory.id, changes: { body, ...(inGroup ? {} : { visibility }), city: city.trim() || null } },
      {
        onSuccess: () => {
          toast(t('feed.saved'));
          onClose();
        },
      },
    );
  };
  const err = edit.error;
  const bodyError = fieldError(t, err, 'body');
  const cityError = fieldError(t, err, 'city');
  const formError = err && !bodyError && !cityError ? errorMessage(t, err) : undefined;

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextArea
        label={t('feed.editBody')}
        name="body"
        rows={6}
        value={body}
        dir="auto"
        onChange={(e) => setBody(e.target.value)}
        hint={<CharCounter text={body} />}
        error={bodyError}
      />
      {!inGroup && (
        <SelectField
          label={t('feed.composer.visibility')}
          name="visibility"
          value={visibility}
          onChange={(e) => setVisibility(e.target.value as VisibilityValue)}
          hint={t(`feed.visibilityHint.${visibility}`)}
        >
          {VISIBILITY_VALUES.map((v) => (
            <option key={v} value={v}>
              {t(`feed.visibility.${v}`)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label={t('feed.composer.city')}
        name="city"
        value={city}
        maxLength={100}
        autoComplete="address-level2"
        onChange={(e) => setCity(e.target.value)}
        error={cityError}
      />
      <p className="field__error" role={formError ? 'alert' : undefined}>
        {formError ?? ''}
      </p>
      <div className="dialog__actions">
        <Button onClick={onClose}>{t('app.cancel')}</Button>
        <Button type="submit" variant="primary" busy={edit.isPending} disabled={invalid}>
          {edit.isPending ? t('app.saving') : t('app.save')}
        </Button>
      </div>
    </form>
  );
}

/** Asks before deleting; the memory leaves every list once the server agrees. */
export function DeleteMemoryDialog({
  memory,
  open,
  onClose,
  onDeleted,
}: {
  memory: Memory;
  open: boolean;
  onClose: () => void;
  onDeleted?: (() => void) | undefined;
}) {
  const t = useT();
  const remove = useDeleteMemory();
  const { reset } = remove;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  const confirm = () =>
    remove.mutate(memory.id, {
      onSuccess: () => {
        toast(t('feed.deleted'));
        onClose();
        onDeleted?.();
      },
    });
  return (
    <Dialog
      open={open}
      title={t('feed.deleteTitle')}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>{t('app.cancel')}</Button>
          <Button variant="danger" busy={remove.isPending} onClick={confirm}>
            {remove.isPending ? t('feed.deleting') : t('app.delete')}
          </Button>
        </>
      }
    >
      <p>{t('feed.deleteBody')}</p>
      <p className="field__error" role={remove.error ? 'alert' : undefined}>
        {remove.error ? errorMessage(t, remove.error) : ''}
      </p>
    </Dialog>
  );
}
