import type { ReactNode } from 'react';
import { Heading, Modal, ModalOverlay, Dialog as RacDialog } from 'react-aria-components';
import '../../styles/dialogs.css';

export { DialogTrigger } from 'react-aria-components';

export interface DialogProps {
  title: string;
  /**
   * `alertdialog` for a question that must be answered (a confirmation): a click beside it does
   * not close it, only a button or Escape does. `dialog` (the default) closes on a click outside.
   */
  role?: 'dialog' | 'alertdialog';
  /** The id of the text that says what the dialog is about, read out with its title. */
  describedBy?: string;
  /** The content; `close` closes the dialog (focus then returns to the button that opened it). */
  children: (close: () => void) => ReactNode;
  /** Open state, for a dialog opened without a DialogTrigger. */
  isOpen?: boolean;
  onOpenChange?: (isOpen: boolean) => void;
}

/**
 * A modal dialog, put inside a `DialogTrigger` after the Button that opens it. React Aria keeps
 * the focus inside while it is open, closes it with Escape, hides the page behind it from screen
 * readers and gives the focus back to the opening button when it closes. A sheet from the
 * bottom on phones, a centred box on wider screens (dialogs.css).
 */
export function Dialog({ title, role = 'dialog', describedBy, children, isOpen, onOpenChange }: DialogProps) {
  const open = isOpen === undefined ? {} : { isOpen, onOpenChange };
  return (
    <ModalOverlay className="dialog-overlay" isDismissable={role === 'dialog'} {...open}>
      <Modal className="dialog-modal">
        <RacDialog className="dialog" role={role} aria-describedby={describedBy}>
          {({ close }) => (
            <>
              <Heading slot="title" className="dialog-title">
                {title}
              </Heading>
              {children(close)}
            </>
          )}
        </RacDialog>
      </Modal>
    </ModalOverlay>
  );
}
