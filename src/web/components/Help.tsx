import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SupportPanel } from './SupportPanel.tsx';

/**
 * Help, in the header of every page: a dialog with customer service's contact and, signed in, a
 * short reference to quote. A native modal <dialog>: focus stays in it, Escape closes it, and the
 * focus returns to the Help button.
 */
export function Help({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const title = useId();
  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();
  return (
    <>
      <button type="button" className="link help" aria-haspopup="dialog" onClick={show}>
        {t('support.help')}
      </button>
      <dialog ref={dialog} className="help-dialog" aria-labelledby={title} onClose={() => setOpen(false)}>
        <h2 id={title}>{t('support.helpTitle')}</h2>
        {/* Mounted while open: a reference is made for this visit, not kept for the next. */}
        {open && <SupportPanel signedIn={signedIn} />}
        <button type="button" className="close" onClick={close}>
          {t('support.close')}
        </button>
      </dialog>
    </>
  );
}
