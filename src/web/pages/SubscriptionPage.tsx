import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, MyDevice, SubscriptionDetail } from '../api.ts';
import { api, ApiError, errorCode, href, isFinal } from '../api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { Seats } from '../components/Seats.tsx';
import { SendToDevice } from '../components/SendToDevice.tsx';
import { StatusIcon } from '../components/StatusIcon.tsx';
import { ContactSupport, ErrorText, isFailureReason, Reasons } from '../components/Support.tsx';
import { formatDate } from '../i18n.ts';
import { useLiveDeliveries } from '../live.ts';
import { navigate } from '../router.ts';
import { stateOf } from './SubscriptionsPage.tsx';

export function SubscriptionPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [sub, setSub] = useState<SubscriptionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // What the page's live region last said: a status change, read out once.
  const [announcement, setAnnouncement] = useState('');

  // The newest word on each delivery, from the stream or a reload, whichever is later: a reload
  // that was already on its way must not put an older status back on screen.
  const latest = useRef(new Map<string, Delivery>());
  const loads = useRef(0);
  const newest = useCallback((d: Delivery | null): Delivery | null => {
    if (!d) return d;
    const known = latest.current.get(d.id);
    if (known && known.updatedAt > d.updatedAt) return known;
    latest.current.set(d.id, d);
    return d;
  }, []);
  const merge = useCallback(
    (detail: SubscriptionDetail): SubscriptionDetail => ({
      ...detail,
      devices: detail.devices.map((x) => {
        const delivery = newest(x.delivery);
        return delivery ? { ...x, delivery, status: delivery.status } : x;
      }),
    }),
    [newest],
  );

  const load = useCallback(() => {
    const ticket = ++loads.current;
    api('GET', '/v1/me/subscriptions/{id}', { params: { id } }).then(
      (detail) => {
        if (ticket !== loads.current) return;
        setSub(merge(detail));
        setError(null);
      },
      (e: unknown) => {
        if (ticket !== loads.current) return;
        setError(e instanceof ApiError && e.problem.status === 404 ? 'NOT_FOUND' : errorCode(e));
      },
    );
  }, [id, merge]);
  useEffect(load, [load]);

  // A delivery's new status changes its panel at once; a device new to the list, or a final
  // status (seats change), also reloads the page's facts.
  useLiveDeliveries(
    href('/v1/me/events'),
    (d: Delivery) => {
      if (d.subscriptionId !== id) return;
      const current = newest(d);
      if (current !== d) return;
      const known = sub?.devices.find((x) => x.deviceId === d.deviceId);
      setSub((s) => {
        if (!s) return s;
        return {
          ...s,
          devices: s.devices.map((x) =>
            x.deviceId === d.deviceId ? { ...x, delivery: d, status: d.status } : x,
          ),
        };
      });
      if (known && known.status !== d.status)
        setAnnouncement(t('myDevices.announce', { device: known.name, status: t(`status.${d.status}`) }));
      if (!known || isFinal(d.status)) load();
    },
    load,
  );

  if (error === 'NOT_FOUND')
    return (
      <>
        <PageTitle>{t('subscriptions.notFound')}</PageTitle>
        <BackLink />
      </>
    );
  if (!sub)
    return error ? (
      <>
        <ErrorText code={error} />
        <button type="button" onClick={load}>
          {t('app.retry')}
        </button>
      </>
    ) : (
      <p>{t('app.loading')}</p>
    );
  return (
    <>
      <BackLink />
      <PageTitle>{sub.product.name}</PageTitle>
      <p className="meta">
        <span className={`badge badge-${stateOf(sub)}`}>{t(`subscriptions.state.${stateOf(sub)}`)}</span>{' '}
        {t(`subscriptions.kind.${sub.kind}`)} · {t(`subscriptions.renewal.${sub.renewal}`)} ·{' '}
        {t(sub.expired ? 'subscriptions.expired' : 'subscriptions.expires', {
          date: formatDate(sub.expiresAt),
        })}
      </p>
      <p className="meta">
        <Seats subscription={sub} reserved /> ·{' '}
        {t('subscriptions.codeEnding', { hint: sub.activationCodeHint })}
      </p>
      <SendToDevice subscriptionId={sub.id} onSent={load} />
      <MyDevices devices={sub.devices} onChange={load} />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <p className="back">
      <a
        href="/subscriptions"
        onClick={(e) => {
          e.preventDefault();
          navigate('/subscriptions');
        }}
      >
        ← {t('subscriptions.back')}
      </a>
    </p>
  );
}

function MyDevices({ devices, onChange }: { devices: MyDevice[]; onChange: () => void }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="my-devices" className="my-devices">
      <h2 id="my-devices">{t('myDevices.title')}</h2>
      {devices.length === 0 ? (
        <p>{t('myDevices.none')}</p>
      ) : (
        <ul className="cards">
          {devices.map((d) => (
            <DevicePanel key={d.deviceId} device={d} onChange={onChange} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DevicePanel({ device, onChange }: { device: MyDevice; onChange: () => void }) {
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
      <p className="meta">{device.platform}</p>
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
      ) : (
        <StatusIcon status={status} />
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
            reference={`delivery ${delivery.id} ${status}${delivery.reason ? ` ${delivery.reason}` : ''}`}
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
