import { useId } from 'react';

/**
 * A question asked in place of the button that raised it (with `useConfirmStep`): the
 * consequences, the action (focused, so the keyboard user is on it) and Cancel; Escape cancels.
 * For a step that belongs to its row or card, where a modal dialog would hide what it is about.
 */
export function InPlaceQuestion({
  question,
  confirmLabel,
  cancelLabel,
  tone = 'danger',
  busy = false,
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  cancelLabel: string;
  tone?: 'danger' | 'primary';
  busy?: boolean;
  onConfirm: () => unknown;
  onCancel: () => void;
}) {
  const id = useId();
  return (
    <div
      role="alertdialog"
      aria-labelledby={id}
      className="confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p id={id}>{question}</p>
      <p className="actions">
        <button type="button" className={tone} onClick={() => void onConfirm()} disabled={busy} autoFocus>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
      </p>
    </div>
  );
}
