import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../lib/i18n.ts';
import { Button } from './Button.tsx';
import { CloseIcon } from './icons.tsx';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom; the dialog adds none of its own besides the close button. */
  actions?: ReactNode;
}

/** A modal on the native <dialog>: focus is trapped and restored, Escape closes, the page behind is inert. */
export function Dialog({ open, title, onClose, children, actions }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const t = useT();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div className="dialog__body">
          <header className="dialog__header">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            <Button
              variant="ghost"
              size="sm"
              aria-label={t('app.close')}
              icon={<CloseIcon />}
              onClick={onClose}
            />
          </header>
          <div className="dialog__content">{children}</div>
          {actions && <footer className="dialog__actions">{actions}</footer>}
        </div>
      )}
    </dialog>
  );
}
