import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyDevice } from '../api.ts';
import { api, errorCode, isFinal } from '../api.ts';
import { PlatformName } from './Platform.tsx';
import { EndedNote, RevokeSubscription, WaitingReserve } from './SeatPlans.tsx';
import { StatusIcon } from './StatusIcon.tsx';
import { ContactSupport, ErrorText, isFailureReason, Reasons } from './Support.tsx';

/** What a device panel needs for the seat's plans: revoke, and a reserve's undo. */
export type Plans = { subscriptionId: string; product: string; say: (said: string) => void };

export function MyDevices({
  devices,
  onChange,
  plans,
}: {
  devices: MyDevice[];
  onChange: () => void;
  plans: Plans;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="my-devices" className="my-devices">
      <h2 id="my-devices">{t('myDevices.title')}</h2>
      {devices.length === 0 ? (
        <p>{t('myDevices.none')}</p>
      ) : (
        <ul className="cards">
          {devices.map((d) => (
            <DevicePanel key={d.deviceId} device={d} onChange={onChange} plans={plans} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DevicePanel({ device, onChange, plans }: { device: MyDevice; onChange: () => void; plans: Plans }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [undone, setUndone] = useState(false);
  const undoRef = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLButtonElement>(null);
  const undoneRef = useRef<HTMLParagraphElement>(null);
  const status = device.status;
  const delivery = device.delivery;
  const undoable = delivery !== null && !isFinal(delivery.status);

  useEffect(() => {
    if (open) undoRef.current?.focus();
  }, [open]);
  // The Undo button is gone once it worked: the focus goes to the words that say so.
  useEffect(() => {
    if (undone) undoneRef.current?.focus();
  }, [undone]);

  const close = () => {
    setOpen(false);
    statusRef.current?.focus();
  };
  const undo = async () => {
    if (!delivery) return;
    setError(null);
    try {
      await api('POST', '/v1/me/deliveries/{id}/undo', { params: { id: delivery.id } });
      setUndone(true);
      setOpen(false);
      onChange();
    } catch (e) {
      setError(errorCode(e));
    }
  };
  // A delivery that ended without arriving: what happened, and who can help.
  const unhappy = delivery && (status === 'failed' || status === 'expired');

  return (
    <li className="card device-panel" data-device={device.deviceId}>
      <h3>{device.name}</h3>
      <p className="meta">
        <PlatformName platform={device.platform} />
      </p>
      {undoable ? (
        <button
          ref={statusRef}
          type="button"
          className="status-button"
          aria-expanded={open}
          aria-label={t('myDevices.statusButton', { device: device.name, status: t(`status.${status}`) })}
          onClick={() => setOpen(!open)}
        >
          <StatusIcon status={status} />
        </button>
      ) : (device.reserve && !device.active && !delivery) || device.ended ? null : (
        <StatusIcon status={status} />
      )}
      {device.ended && <EndedNote ended={device.ended} />}
      {device.reserve && (
        <WaitingReserve
          reserve={device.reserve}
          device={device.name}
          onChange={(said) => {
            plans.say(said);
            onChange();
          }}
        />
      )}
      {device.active && (
        <RevokeSubscription
          deviceId={device.deviceId}
          device={device.name}
          subscriptionId={plans.subscriptionId}
          product={plans.product}
          onRevoked={(said) => {
            plans.say(said);
            onChange();
          }}
        />
      )}
      {open && undoable && (
        <div
          className="menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <button ref={undoRef} type="button" onClick={() => void undo()}>
            {t('myDevices.undo')}
          </button>
          <button type="button" className="link" onClick={close}>
            {t('myDevices.close')}
          </button>
        </div>
      )}
      {status === 'action_required' && (
        <p className="hint">{t('myDevices.finishHint', { device: device.name })}</p>
      )}
      {unhappy && (
        <>
          {delivery.reason && isFailureReason(delivery.reason) && <Reasons reasons={[delivery.reason]} />}
          <ContactSupport
            subscriptionId={delivery.subscriptionId}
            deviceId={delivery.deviceId}
            reasons={delivery.reason ? [delivery.reason] : []}
          />
        </>
      )}
      {undone && (
        <p role="status" className="ok" ref={undoneRef} tabIndex={-1}>
          {t('myDevices.undone', { device: device.name })}
        </p>
      )}
      <ErrorText code={error} />
    </li>
  );
}
