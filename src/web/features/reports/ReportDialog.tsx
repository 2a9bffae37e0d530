import { useId, useState, type FormEvent } from 'react';
import type { CreateReportBody } from '../../../contract/reports.ts';
import { REPORT_DETAILS_MAX_LENGTH, REPORT_REASON_VALUES } from '../../../contract/rules.ts';
import { ApiError, newIdempotencyKey } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextArea } from '../../ui/Field.tsx';
import { toast } from '../../ui/toast.tsx';
import { useCreateReport } from './reports.api.ts';
import './reports.css';

type Reason = CreateReportBody['reason'];
export interface ReportTarget {
  type: CreateReportBody['targetType'];
  id: string;
}

/** Reports a memory, comment or dancer to the moderators: props { open, onClose, target: {type, id} }. */
export function ReportDialog({
  open,
  onClose,
  target,
}: {
  open: boolean;
  onClose: () => void;
  target: ReportTarget;
}) {
  const t = useT();
  // The form mounts with each opening (the dialog renders its content only while open): each opening
  // is a new report, with an empty form and its own Idempotency-Key.
  return (
    <Dialog open={open} title={t(`reports.title.${target.type}`)} onClose={onClose}>
      <ReportForm target={target} onClose={onClose} />
    </Dialog>
  );
}

function ReportForm({ target, onClose }: { target: ReportTarget; onClose: () => void }) {
  const t = useT();
  const report = useCreateReport();
  const noteId = useId();
  const [reason, setReason] = useState<Reason | null>(null);
  const [details, setDetails] = useState('');
  const [key] = useState(newIdempotencyKey);
  const [missingReason, setMissingReason] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setMissingReason(true);
      return;
    }
    const trimmed = details.trim();
    report.mutate(
      {
        body: {
          targetType: target.type,
          targetId: target.id,
          reason,
          ...(trimmed ? { details: trimmed } : {}),
        },
        key,
      },
      {
        onSuccess: () => {
          toast(t('reports.sent'));
          onClose();
        },
      },
    );
  };

  const err = report.error;
  const detailsError =
    err instanceof ApiError && err.details.some((d) => d.path === 'body.details')
      ? errorMessage(t, err)
      : undefined;
  const formError = err && !detailsError ? errorMessage(t, err) : undefined;
  const reasonMissing = missingReason && !reason;

  return (
    <form className="form report-form" onSubmit={submit} noValidate>
      <p className="report-form__intro">{t('reports.intro')}</p>
      <fieldset className="report-form__reasons" aria-describedby={noteId}>
        <legend className="field__label">{t('reports.reason')}</legend>
        {REPORT_REASON_VALUES.map((r) => (
          <label key={r} className="report-form__reason">
            <input
              type="radio"
              name="reason"
              value={r}
              checked={reason === r}
              aria-invalid={reasonMissing || undefined}
              onChange={() => setReason(r)}
            />
            <span>{t(`reports.reasons.${r}`)}</span>
          </label>
        ))}
        <p id={noteId} className="field__error" role={reasonMissing ? 'alert' : undefined}>
          {reasonMissing ? t('reports.chooseReason') : ''}
        </p>
      </fieldset>
      <TextArea
        label={t('reports.details')}
        name="details"
        rows={3}
        maxLength={REPORT_DETAILS_MAX_LENGTH}
        value={details}
        onChange={(e) => setDetails(e.target.value)}
        hint={t('reports.detailsHint', { max: REPORT_DETAILS_MAX_LENGTH })}
        error={detailsError}
      />
      <p className="field__error report-form__error" role={formError ? 'alert' : undefined}>
        {formError ?? ''}
      </p>
      <div className="dialog__actions">
        <Button onClick={onClose}>{t('app.cancel')}</Button>
        <Button type="submit" variant="primary" busy={report.isPending}>
          {report.isPending ? t('reports.sending') : t('reports.submit')}
        </Button>
      </div>
    </form>
  );
}
