import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { SeatLifeError } from './SeatLifeError.tsx';

/**
 * "Remove …" for each subscription on a managed device, in the console's row of admin actions:
 * confirmed as the console's other actions are; the device stays managed and connected, the
 * seat is free at once, and the change is in the audit log.
 */
export function ConsoleRevoke({ org, device, onDone }: { org: string; device: Device; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const revoke = async (subscriptionId: string, product: string) => {
    if (!confirm(t('seatLife.revoke.confirm', { product, device: device.name }))) return;
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
        <button
          key={c.subscriptionId}
          type="button"
          onClick={() => void revoke(c.subscriptionId, c.productName)}
        >
          {t('seatLife.revoke.action', { product: c.productName })}
        </button>
      ))}
      <SeatLifeError code={error} />
    </>
  );
}
