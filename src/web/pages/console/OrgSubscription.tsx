import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, Device, Eligibility, SendResult, SubscriptionDetail } from '../../api.ts';
import { api, errorCode, href, isFinal } from '../../api.ts';
import { PlatformName } from '../../components/Platform.tsx';
import { SeatHistory } from '../../components/SeatHistory.tsx';
import { Seats } from '../../components/Seats.tsx';
import { StatusIcon } from '../../components/StatusIcon.tsx';
import { ContactSupport, ErrorText, Reasons } from '../../components/Support.tsx';
import { useLiveDeliveries } from '../../live.ts';
import { useReload } from '../../reload.ts';
import { DeviceFilters, NO_FILTER, passes } from './DeviceFilters.tsx';
import { allDevices } from './device-pages.ts';
import { SubscriptionDeliveries } from './SubscriptionDeliveries.tsx';
import { UndoWholeSend } from './UndoWholeSend.tsx';
import { ConsoleRemedies } from './ConsoleRemedies.tsx';
import { ConsoleWaitingReserve, reserveNote } from './ConsoleReserve.tsx';
import type { Org } from './organization.ts';

/** Keeps the newer of two words on a device's delivery: a reload already on its way must not undo a live update. */
function newer(known: Map<string, Delivery>, d: Delivery): Map<string, Delivery> {
  if ((known.get(d.deviceId)?.updatedAt ?? '') > d.updatedAt) return known;
  return new Map(known).set(d.deviceId, d);
}

/** One subscription: every managed device's eligibility, bulk selection with filters, send, live statuses, undo. */
export function OrgSubscription({ org, id }: { org: Org; id: string }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<SubscriptionDetail | null>(null);
  const [eligibility, setEligibility] = useState<Eligibility | null>(null);
  const [devices, setDevices] = useState<Device[]>([]);
  const [deliveries, setDeliveries] = useState(new Map<string, Delivery>());
  const [selected, setSelected] = useState(new Set<string>());
  const [filter, setFilter] = useState(NO_FILTER);
  // `note` says what a remedy's send does instead of the usual sentence (a replace hands over a seat).
  const [result, setResult] = useState<{ sendId?: string; results: SendResult[]; note?: string } | null>(
    null,
  );
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(crypto.randomUUID());
  const params = useMemo(() => ({ org: org.id, id }), [org.id, id]);

  // The seats, every row's eligibility and the deliveries list are read together, in parallel,
  // so the counts at the top and the rows below always come from the same moment.
  const reload = useReload(
    useCallback(async () => {
      try {
        const [d, e] = await Promise.all([
          api('GET', '/v1/console/organizations/{org}/subscriptions/{id}', { params }),
          api('GET', '/v1/console/organizations/{org}/subscriptions/{id}/eligibility', { params }),
        ]);
        setDetail(d);
        setEligibility(e);
        setDeliveries((old) => d.devices.reduce((m, x) => (x.delivery ? newer(m, x.delivery) : m), old));
        setVersion((v) => v + 1);
      } catch {
        setError('generic');
      }
    }, [params]),
  );
  // The devices' groups, for the filter: read beside the rest, and again when the fleet changes.
  const reloadDevices = useReload(
    useCallback(() => allDevices(params.org).then(setDevices, () => setError('generic')), [params.org]),
  );
  // A status shows at once. A final one also changes the seats in use and what may be sent
  // where, and `refresh` means something changed without a delivery: both read the page again.
  useLiveDeliveries(
    href('/v1/console/organizations/{org}/events', { params: { org: org.id } }),
    (delivery) => {
      if (delivery.subscriptionId !== id) return;
      setDeliveries((old) => newer(old, delivery));
      // Any step moves the counts ("on the way", "in use") and what each row may receive.
      reload();
    },
    () => {
      reload();
      reloadDevices();
    },
  );

  const byId = useMemo(() => new Map(devices.map((d) => [d.id, d])), [devices]);
  const shown = (eligibility?.devices ?? []).filter((e) => passes(filter, e, byId.get(e.deviceId)));
  const eligibleShown = shown.filter((e) => e.eligible);

  const send = async () => {
    setError(null);
    try {
      const r = await api('POST', '/v1/console/organizations/{org}/subscriptions/{id}/deliveries', {
        params,
        body: { deviceIds: [...selected] },
        headers: { 'idempotency-key': key.current },
      });
      setResult(r);
      setSelected(new Set());
      key.current = crypto.randomUUID();
      reload();
    } catch (e) {
      setError(errorCode(e));
    }
  };
  const remedied = (results: SendResult[], note?: string) => {
    const name = (deviceId: string) => eligibility?.devices.find((e) => e.deviceId === deviceId)?.name ?? '';
    setResult({ results, note: note ?? reserveNote(t, results, name) });
    reload();
  };
  // Said in the status line: the reserve on a device undone (a failure is said in its row).
  const said = (note: string) => {
    setResult({ results: [], note });
    reload();
  };
  const undo = async (deliveryId: string) => {
    setError(null);
    try {
      await api('POST', '/v1/console/organizations/{org}/deliveries/{id}/undo', {
        params: { org: org.id, id: deliveryId },
      });
      reload();
    } catch (e) {
      setError(errorCode(e));
    }
  };

  if (!detail || !eligibility) return <p>{t('app.loading')}</p>;
  const sent = result?.results.filter((r) => 'delivery' in r).length ?? 0;
  // A reserve made is not a refusal: it waits on the device (its row says until when).
  const waiting = result?.results.filter((r) => 'reserve' in r).length ?? 0;
  const reserves = new Map(
    detail.devices.flatMap((x) => (x.reserve ? [[x.deviceId, x.reserve] as const] : [])),
  );
  return (
    <section aria-labelledby="sub-title">
      <h2 id="sub-title">{detail.product.name}</h2>
      <p className="meta">
        <Seats subscription={detail} reserved />
      </p>
      <DeviceFilters devices={devices} filter={filter} onChange={setFilter} />
      <p className="actions">
        <button
          type="button"
          onClick={() => setSelected(new Set([...selected, ...eligibleShown.map((e) => e.deviceId)]))}
        >
          {t('console.selectAll', { count: eligibleShown.length })}
        </button>
        <button type="button" onClick={() => setSelected(new Set())}>
          {t('console.clear')}
        </button>
        <span aria-live="polite">{t('console.selected', { count: selected.size })}</span>
        <button type="button" className="primary" disabled={selected.size === 0} onClick={() => void send()}>
          {t('send.send')}
        </button>
      </p>
      <ErrorText code={error} />
      {result && (
        <div role="status" className="ok">
          {result.note ?? t('console.sendResult', { count: sent })}
          {result.results.length > sent + waiting && (
            <> {t('console.refusedResult', { count: result.results.length - sent - waiting })}</>
          )}
          {result.sendId && sent > 0 && org.role === 'admin' && (
            <UndoWholeSend key={result.sendId} org={org.id} sendId={result.sendId} onDone={reload} />
          )}
        </div>
      )}
      <table className="grid">
        <caption className="visually-hidden">{t('send.chooseDevices')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.device')}</th>
            <th scope="col">{t('console.filterPlatform')}</th>
            <th scope="col">{t('console.status')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => {
            const d = deliveries.get(e.deviceId);
            const reserve = reserves.get(e.deviceId);
            return (
              <tr key={e.deviceId} data-device={e.deviceId}>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      disabled={!e.eligible}
                      checked={selected.has(e.deviceId)}
                      onChange={(ev) => {
                        const next = new Set(selected);
                        if (ev.target.checked) next.add(e.deviceId);
                        else next.delete(e.deviceId);
                        setSelected(next);
                      }}
                    />
                    {e.name}
                  </label>
                  {!e.eligible && <Reasons reasons={e.reasons} />}
                  {!e.eligible && org.role === 'admin' && (
                    <ConsoleRemedies org={org.id} subscriptionId={id} device={e} onSent={remedied} />
                  )}
                  {reserve && (
                    <ConsoleWaitingReserve
                      org={org.id}
                      reserve={reserve}
                      device={e.name}
                      admin={org.role === 'admin'}
                      onUndone={said}
                    />
                  )}
                </td>
                <td>
                  <PlatformName platform={e.platform} />
                </td>
                <td>
                  {d && <StatusIcon status={d.status} />}
                  {d && !isFinal(d.status) && org.role === 'admin' && (
                    <button type="button" onClick={() => void undo(d.id)}>
                      {t('myDevices.undo')}
                    </button>
                  )}
                  {d?.status === 'failed' && (
                    <ContactSupport
                      subscriptionId={id}
                      deviceId={e.deviceId}
                      reasons={d.reason ? [d.reason] : []}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <SubscriptionDeliveries org={org.id} id={id} version={version} />
      <SeatHistory subscriptionId={id} org={org.id} refreshKey={version} />
    </section>
  );
}
