import { useEffect, useRef, useState } from 'react';

/**
 * A button that opens a confirmation in place: `confirm()` opens it; `cancel()` (Cancel, Escape)
 * closes it and returns the focus to the button, so a keyboard user is where they were. Put
 * `button` on the opening button.
 */
export function useConfirmStep() {
  const [confirming, setConfirming] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const backOut = useRef(false);
  useEffect(() => {
    if (confirming || !backOut.current) return;
    backOut.current = false;
    button.current?.focus();
  }, [confirming]);
  return {
    confirming,
    button,
    confirm: () => setConfirming(true),
    cancel: () => {
      backOut.current = true;
      setConfirming(false);
    },
  };
}
