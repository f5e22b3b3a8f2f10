import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { SeatLifeError } from './SeatLifeError.tsx';
import { ConfirmDialog } from './ui/ConfirmDialog.tsx';

/**
 * "Lost or stolen" for a managed device, in the console's row of admin actions: asked in a
 * dialog as the console's other actions are, then every activation on it ends and its token is
 * refused.
 */
export function ConsoleLostDevice({
  org,
  device,
  onDone,
}: {
  org: string;
  device: Device;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const report = async () => {
    setError(null);
    try {
      await api('POST', '/v1/console/organizations/{org}/devices/{id}/lost', {
        params: { org, id: device.id },
      });
      onDone();
    } catch (err) {
      setError(errorCode(err));
    }
  };
  return (
    <>
      <ConfirmDialog
        trigger={t('seatLife.console.lost')}
        title={t('dialogs.lost.title', { device: device.name })}
        message={t('seatLife.console.confirm', { device: device.name })}
        confirmLabel={t('seatLife.lost.confirmButton')}
        destructive
        onConfirm={() => void report()}
      />
      <SeatLifeError code={error} />
    </>
  );
}
