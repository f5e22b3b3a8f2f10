import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InPlaceQuestion } from './ui/InPlaceQuestion.tsx';
import { useConfirmStep } from './confirm-step.ts';
import type { Device } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { SeatLifeError } from './SeatLifeError.tsx';
import '../styles/seat-life.css';

/**
 * "Lost or stolen…" on a device card: after a confirmation, every subscription on the device
 * ends, its seats are free and its app's token is refused from then on (and shown, see
 * DeviceNotices). Escape or Cancel backs out, and the focus returns to the button.
 */
export function LostDevice({ device, onLost }: { device: Device; onLost: () => void }) {
  const { t } = useTranslation();
  const { confirming, button, confirm, cancel } = useConfirmStep();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const report = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/me/devices/{id}/lost', { params: { id: device.id } });
      onLost();
    } catch (err) {
      setError(errorCode(err));
      setBusy(false);
    }
  };

  return (
    <div className="lost-device">
      {confirming ? (
        <InPlaceQuestion
          question={t('seatLife.lost.confirm', { device: device.name })}
          confirmLabel={t('seatLife.lost.confirmButton')}
          cancelLabel={t('seatLife.lost.cancel')}
          busy={busy}
          onConfirm={report}
          onCancel={cancel}
        />
      ) : (
        <p className="actions">
          <button type="button" ref={button} onClick={confirm}>
            {t('seatLife.lost.action')}
          </button>
        </p>
      )}
      <SeatLifeError code={error} />
    </div>
  );
}
