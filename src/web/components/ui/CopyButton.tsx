import { useState } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';

/**
 * Copies `text` to the clipboard and says so. Where there is no clipboard (a page not served over
 * HTTPS, or permission refused) it selects `select`'s text instead, so one key press copies it,
 * and says that.
 */
export function CopyButton({
  text,
  label,
  select,
}: {
  text: string;
  label: string;
  select?: RefObject<HTMLElement | null>;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const failed = () => {
    if (select?.current) getSelection()?.selectAllChildren(select.current);
    setState('failed');
  };
  return (
    <>
      <Button
        onPress={() => {
          if (!navigator.clipboard) return failed();
          navigator.clipboard.writeText(text).then(() => setState('copied'), failed);
        }}
      >
        {label}
      </Button>
      <span role="status" className={state === 'failed' ? 'dialog-error' : 'dialog-copied'}>
        {state === 'copied' ? t('dialogs.copied') : state === 'failed' ? t('dialogs.copyFailed') : ''}
      </span>
    </>
  );
}
