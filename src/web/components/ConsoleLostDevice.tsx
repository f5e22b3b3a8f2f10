import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { SeatLifeError } from './SeatLifeError.tsx';

/**
 * "Lost or stolen" for a managed device, in the console's row of admin actions: confirmed as
 * the console's other actions are, then every activation on it ends and its token is refused.
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
    if (!confirm(t('seatLife.console.confirm', { device: device.name }))) return;
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
      <button type="button" onClick={() => void report()}>
        {t('seatLife.console.lost')}
      </button>
      <SeatLifeError code={error} />
    </>
  );
}
