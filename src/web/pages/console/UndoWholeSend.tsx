import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';

/** "Undo send" for the whole send just made: every delivery of it not finished yet is cancelled. */
export function UndoWholeSend({ org, sendId, onDone }: { org: string; sendId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [undone, setUndone] = useState<{ cancelled: number; notUndone: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const undo = async () => {
    setError(null);
    try {
      const r = await api('POST', '/v1/console/organizations/{org}/sends/{id}/undo', {
        params: { org, id: sendId },
      });
      setUndone({ cancelled: r.cancelled.length, notUndone: r.notUndone.length });
      onDone();
    } catch (e) {
      setError(errorCode(e));
    }
  };
  if (undone)
    return (
      <>
        {' '}
        {t('consoleFleet.undone', { count: undone.cancelled })}
        {undone.notUndone > 0 && <> {t('consoleFleet.notUndone', { count: undone.notUndone })}</>}
      </>
    );
  return (
    <>
      {' '}
      <button type="button" title={t('consoleFleet.undoSendHint')} onClick={() => void undo()}>
        {t('consoleFleet.undoSend')}
      </button>
      <ErrorText code={error} />
    </>
  );
}
