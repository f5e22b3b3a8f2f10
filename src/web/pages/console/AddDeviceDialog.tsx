import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import type { Answer } from '../../api.ts';
import { api, errorCode } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';
import { CopyButton } from '../../components/ui/CopyButton.tsx';
import { Dialog, DialogTrigger } from '../../components/ui/Dialog.tsx';
import { formatDate } from '../../i18n.ts';

type ConnectCode = Answer<'POST', '/v1/console/organizations/{org}/connect-codes'>;

/** Whole minutes left until `iso`, at least one while it has not passed. */
const minutesLeft = (iso: string) => Math.max(1, Math.round((Date.parse(iso) - Date.now()) / 60_000));

/**
 * "Add a device" (admins): a dialog with a fresh one-time connect code for a managed device, how
 * to use it, when it expires, copy buttons, and the demo agent's command line. A new code is made
 * each time it opens, and on request once the shown one has expired.
 */
export function AddDeviceDialog({ org }: { org: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState<ConnectCode | null>(null);
  const [expired, setExpired] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLOutputElement>(null);

  const get = async () => {
    setCode(null);
    setExpired(false);
    setError(null);
    try {
      setCode(
        await api('POST', '/v1/console/organizations/{org}/connect-codes', { params: { org }, body: {} }),
      );
    } catch (e) {
      setError(errorCode(e));
    }
  };
  // The code is refused once it expires: say so then, rather than leave a dead code on screen.
  useEffect(() => {
    if (!code) return;
    const timer = setTimeout(() => setExpired(true), Math.max(0, Date.parse(code.expiresAt) - Date.now()));
    return () => clearTimeout(timer);
  }, [code]);

  const command = code && `npm run agent -- --server ${window.location.origin} --code ${code.code}`;
  return (
    <DialogTrigger onOpenChange={(open) => open && void get()}>
      <Button>{t('console.enroll')}</Button>
      <Dialog title={t('console.enroll')}>
        {(close) => (
          <>
            <p>{t('dialogs.addDevice.intro')}</p>
            {code && !expired ? (
              <>
                <p>
                  <strong>{t('dialogs.addDevice.code')}</strong>
                  <output ref={codeRef} className="dialog-code" aria-label={t('dialogs.addDevice.code')}>
                    {code.code}
                  </output>
                </p>
                <p>{t('dialogs.addDevice.once', { count: minutesLeft(code.expiresAt) })}</p>
                <p className="dialog-meta">
                  {t('dialogs.addDevice.validUntil', { time: formatDate(code.expiresAt, true) })}
                </p>
                <p>
                  <CopyButton text={code.code} label={t('dialogs.addDevice.copyCode')} select={codeRef} />
                </p>
                <p className="dialog-meta">{t('dialogs.addDevice.demo')}</p>
                <pre className="dialog-command">{command}</pre>
                <p>
                  <CopyButton text={command ?? ''} label={t('dialogs.addDevice.copyCommand')} />
                </p>
              </>
            ) : expired ? (
              <p>
                {t('dialogs.addDevice.expired')}{' '}
                <Button onPress={() => void get()}>{t('dialogs.addDevice.newCode')}</Button>
              </p>
            ) : (
              !error && <p>{t('dialogs.addDevice.getting')}</p>
            )}
            <ErrorText code={error} />
            <div className="dialog-actions">
              <Button className="primary" onPress={close}>
                {t('dialogs.done')}
              </Button>
            </div>
          </>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
