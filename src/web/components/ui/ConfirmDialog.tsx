import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { Dialog, DialogTrigger } from './Dialog.tsx';

export interface ConfirmDialogProps {
  /** The opening button's text. */
  trigger: string;
  title: string;
  message: string;
  confirmLabel: string;
  /** A change that cannot be undone: the confirming button is red. */
  destructive?: boolean;
  /** Called after the dialog closes; a failure is the caller's to show beside the button. */
  onConfirm: () => unknown;
}

/**
 * A button that asks first, in place of the browser's `confirm()`: a title, the consequences,
 * Cancel and the action. The focus starts on Cancel, so Enter on a destructive question is the
 * safe answer; Escape cancels too.
 */
export function ConfirmDialog({
  trigger,
  title,
  message,
  confirmLabel,
  destructive,
  onConfirm,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const messageId = useId();
  return (
    <DialogTrigger>
      <Button>{trigger}</Button>
      <Dialog title={title} role="alertdialog" describedBy={messageId}>
        {(close) => (
          <>
            <p id={messageId}>{message}</p>
            <div className="dialog-actions">
              <Button autoFocus onPress={close}>
                {t('dialogs.cancel')}
              </Button>
              <Button
                className={destructive ? 'danger' : 'primary'}
                onPress={() => {
                  close();
                  onConfirm();
                }}
              >
                {confirmLabel}
              </Button>
            </div>
          </>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
