import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface DialogProps {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}

/** A modal dialog (native <dialog>: focus is trapped, Escape closes, focus returns to the opener). */
export function Dialog({ title, open, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The safe choice first: a stray Enter must not delete anything.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} className="dialog">
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

export interface ConfirmButtonProps {
  /** The button's text. */
  label: string;
  /** A longer accessible name when the text alone is ambiguous in a list ("Delete Monday 09:00–12:00"). */
  ariaLabel?: string;
  question: string;
  confirmLabel?: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => void;
  className?: string;
}

/** A button that asks before it acts: for deletions, deactivations and cancellations. */
export function ConfirmButton({
  label,
  ariaLabel,
  question,
  confirmLabel,
  danger = true,
  disabled,
  onConfirm,
  className,
}: ConfirmButtonProps) {
  const { t } = useTranslation('common');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={className ?? `btn ${danger ? 'btn-danger' : ''} btn-small`}
        aria-label={ariaLabel}
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      <Dialog title={t('confirm.title')} open={open} onClose={() => setOpen(false)}>
        <p>{question}</p>
        <div className="row">
          <button
            type="button"
            className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
            onClick={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            {confirmLabel ?? label}
          </button>
          <button type="button" className="btn" onClick={() => setOpen(false)} data-autofocus>
            {t('actions.cancel')}
          </button>
        </div>
      </Dialog>
    </>
  );
}
