import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InPlaceQuestion } from './ui/InPlaceQuestion.tsx';
import { useConfirmStep } from './confirm-step.ts';
import type { Schemas } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { formatDate } from '../i18n.ts';
import { RelativeTime } from './RelativeTime.tsx';
import { SeatLifeError } from './SeatLifeError.tsx';
import '../styles/seat-life.css';

type Reserve = Schemas['Reserve'];

/** A send's result for a device where the subscription now waits as a reserve. */
export function ReserveResult({ reserve, device }: { reserve: Reserve; device: string }) {
  const { t } = useTranslation();
  return (
    <li className="ok">
      {reserve.startsAt
        ? t('seatLife.reserve.sent', { device, date: formatDate(reserve.startsAt) })
        : t('seatLife.reserve.sentLater', { device })}
    </li>
  );
}

/** The portal's undo: the account's own reserve. */
const undoMine = (id: string) => api('POST', '/v1/me/reserves/{id}/undo', { params: { id } });

/**
 * "My devices": a reserve waiting on the device says when it starts, and can be undone until then.
 * The console shows the same through its own route (`undoReserve`), and to members without the
 * button (`canUndo`), since only admins may undo.
 */
export function WaitingReserve({
  reserve,
  device,
  onChange,
  undoReserve = undoMine,
  canUndo = true,
}: {
  reserve: Reserve;
  device: string;
  onChange: (said: string) => void;
  undoReserve?: (id: string) => Promise<unknown>;
  canUndo?: boolean;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      await undoReserve(reserve.id);
      onChange(t('seatLife.reserve.undone', { device }));
    } catch (e) {
      setError(errorCode(e));
      setBusy(false);
    }
  };
  return (
    <div className="reserve">
      <p className="status-line">
        <span className="badge">{t('seatLife.reserve.waiting')}</span>{' '}
        {reserve.startsAt
          ? t('seatLife.reserve.startsOn', { date: formatDate(reserve.startsAt) })
          : t('seatLife.reserve.startsLater')}
      </p>
      {canUndo && (
        <button type="button" disabled={busy} onClick={() => void undo()}>
          {t('seatLife.reserve.undo')}
        </button>
      )}
      <SeatLifeError code={error} />
    </div>
  );
}

/**
 * "Remove …": revokes one subscription from a device that stays connected, after a confirmation.
 * The seat is free at once; the device is told on its stream. Escape or Cancel backs out.
 */
export function RevokeSubscription({
  deviceId,
  device,
  subscriptionId,
  product,
  onRevoked,
}: {
  deviceId: string;
  device: string;
  subscriptionId: string;
  product: string;
  onRevoked: (said: string) => void;
}) {
  const { t } = useTranslation();
  const { confirming, button, confirm, cancel } = useConfirmStep();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/me/devices/{id}/revoke', { params: { id: deviceId }, body: { subscriptionId } });
      onRevoked(t('seatLife.revoke.done', { product, device }));
    } catch (e) {
      setError(errorCode(e));
      setBusy(false);
    }
  };
  return (
    <div className="revoke">
      {confirming ? (
        <InPlaceQuestion
          question={t('seatLife.revoke.confirm', { product, device })}
          confirmLabel={t('seatLife.revoke.confirmButton')}
          cancelLabel={t('seatLife.revoke.cancel')}
          busy={busy}
          onConfirm={revoke}
          onCancel={cancel}
        />
      ) : (
        <button type="button" ref={button} onClick={confirm}>
          {t('seatLife.revoke.action', { product })}
        </button>
      )}
      <SeatLifeError code={error} />
    </div>
  );
}

/** "My devices" of a device it was completed on and has ended on since: why (revoked, replaced…) and when. */
export function EndedNote({ ended }: { ended: { because: string; at: string } }) {
  const { t } = useTranslation();
  return (
    <p className="status-line ended">
      {t(`seatLife.history.endedBecause.${ended.because}`, { defaultValue: '' })} ·{' '}
      <RelativeTime iso={ended.at} />
    </p>
  );
}
