import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { SeatLifeError } from './SeatLifeError.tsx';
import { ConfirmDialog } from './ui/ConfirmDialog.tsx';

/**
 * "Remove …" for each subscription on a managed device, in the console's row of admin actions:
 * asked in a dialog as the console's other actions are; the device stays managed and connected,
 * the seat is free at once, and the change is in the audit log.
 */
export function ConsoleRevoke({ org, device, onDone }: { org: string; device: Device; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const revoke = async (subscriptionId: string) => {
    setError(null);
    try {
      await api('POST', '/v1/console/organizations/{org}/devices/{id}/revoke', {
        params: { org, id: device.id },
        body: { subscriptionId },
      });
      onDone();
    } catch (err) {
      setError(errorCode(err));
    }
  };
  return (
    <>
      {device.current.map((c) => (
        <ConfirmDialog
          key={c.subscriptionId}
          trigger={t('seatLife.revoke.action', { product: c.productName })}
          title={t('dialogs.revoke.title', { product: c.productName, device: device.name })}
          message={t('seatLife.revoke.confirm', { product: c.productName, device: device.name })}
          confirmLabel={t('seatLife.revoke.confirmButton')}
          destructive
          onConfirm={() => void revoke(c.subscriptionId)}
        />
      ))}
      <SeatLifeError code={error} />
    </>
  );
}
