import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, SubscriptionDetail } from '../api.ts';
import { api, ApiError, errorCode, href, isFinal } from '../api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { Seats } from '../components/Seats.tsx';
import { SeatHistory } from '../components/SeatHistory.tsx';
import { SendToDevice } from '../components/SendToDevice.tsx';
import { ErrorText } from '../components/Support.tsx';
import { MyDevices } from '../components/MyDevices.tsx';
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
        {t(`subscriptions.kind.${sub.kind}`)} ·{' '}
        {/* An auto-renewing subscription does not end on its date: it renews then. */}
        {sub.renewal === 'limited' && <>{t('subscriptions.renewal.limited')} · </>}
        {t(
          sub.expired
            ? 'subscriptions.expired'
            : sub.renewal === 'auto'
              ? 'subscriptions.renews'
              : 'subscriptions.expires',
          { date: formatDate(sub.expiresAt) },
        )}
      </p>
      <p className="meta">
        <Seats subscription={sub} reserved /> ·{' '}
        {t('subscriptions.codeEnding', { hint: sub.activationCodeHint })}
      </p>
      <SendToDevice subscriptionId={sub.id} onSent={load} />
      <MyDevices
        devices={sub.devices}
        onChange={load}
        plans={{ subscriptionId: sub.id, product: sub.product.name, say: setAnnouncement }}
      />
      <SeatHistory subscriptionId={sub.id} refreshKey={sub} />
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
