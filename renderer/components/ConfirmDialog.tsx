import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/client';

/**
 * A modal confirmation (native <dialog>: focus trapped, Esc cancels). `onConfirm` may be
 * async: the button shows progress and a failure stays in the dialog, readable.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Destructive actions get the red button. */
  danger?: boolean;
  onConfirm: () => Promise<unknown> | void;
  onClose: () => void;
  /** Set when the caller reports failure itself (e.g. the action store). */
  error?: string | null;
  busy?: boolean;
  cancelLabel?: string;
  /** Hide the confirm button (e.g. after a result is shown). */
  done?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A layout effect: closed while still in the document, the dialog gives focus back to where
  // it was (the table row the Delete key was pressed on) instead of dropping it on the page.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const shownError = props.error ?? error;
  const isBusy = busy || !!props.busy;
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!isBusy) props.onClose();
      }}
    >
      <h2 id="confirm-dialog-title">{props.title}</h2>
      <div className="confirm-body">{props.children}</div>
      {shownError && (
        <div className="error-banner" role="alert">
          {shownError}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose} disabled={isBusy}>
          {props.cancelLabel ?? 'Cancel'}
        </button>
        {!props.done && (
          <button
            type="button"
            className={props.danger ? 'danger' : 'primary'}
            onClick={() => void confirm()}
            aria-busy={isBusy || undefined}
            disabled={isBusy}
            autoFocus
          >
            {isBusy ? `${props.confirmLabel}…` : props.confirmLabel}
          </button>
        )}
      </div>
    </dialog>
  );
}
