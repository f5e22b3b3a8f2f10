import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api.ts';
import { api, errorCode } from '../../api.ts';
import { StatusIcon } from '../../components/StatusIcon.tsx';
import { ErrorText } from '../../components/Support.tsx';
import { formatDate } from '../../i18n.ts';
import { useReload } from '../../reload.ts';
import '../../styles/console-fleet.css';
import type { DeliveryStatus } from '../../../domain/delivery.ts';

type Listed = Answer<'GET', '/v1/console/organizations/{org}/subscriptions/{id}/deliveries'>['deliveries'];
const STATUSES: Record<DeliveryStatus, true> = {
  pending: true,
  delivered: true,
  action_required: true,
  completed: true,
  failed: true,
  cancelled: true,
  expired: true,
};

/**
 * The subscription's deliveries, newest first, a page at a time, by status. `version` changes
 * with every live event on the page, and the list reads again (as many rows as it shows).
 */
export function SubscriptionDeliveries({ org, id, version }: { org: string; id: string; version: number }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [rows, setRows] = useState<Listed | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState(20);
  const read = useCallback(
    (limit: number, cursor?: string) =>
      api('GET', '/v1/console/organizations/{org}/subscriptions/{id}/deliveries', {
        params: { org, id },
        query: { status: status || undefined, limit: String(limit), cursor },
      }),
    [org, id, status],
  );
  useReload(
    useCallback(async () => {
      void version;
      try {
        const r = await read(size);
        setRows(r.deliveries);
        setNext(r.nextCursor);
      } catch (e) {
        setError(errorCode(e));
      }
    }, [read, size, version]),
  );
  const more = async () => {
    if (!next) return;
    try {
      const r = await read(20, next);
      setRows((old) => [...(old ?? []), ...r.deliveries]);
      setSize((s) => Math.min(s + 20, 500));
      setNext(r.nextCursor);
    } catch (e) {
      setError(errorCode(e));
    }
  };
  return (
    // Folded away by default: a long list below the send's own rows, opened when wanted.
    <details className="deliveries">
      <summary>{t('consoleFleet.deliveries')}</summary>
      <section aria-label={t('consoleFleet.deliveries')}>
        <p className="meta">{t('consoleFleet.deliveriesIntro')}</p>
        <div className="filters">
          <label>
            {t('consoleFleet.status')}
            <select
              value={status}
              onChange={(e) => {
                const value = e.target.value;
                setStatus(Object.hasOwn(STATUSES, value) ? (value as DeliveryStatus) : '');
              }}
            >
              <option value="">{t('consoleFleet.allStatuses')}</option>
              {(Object.keys(STATUSES) as DeliveryStatus[]).map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorText code={error} />
        {rows && rows.length === 0 && <p>{t('consoleFleet.noDeliveries')}</p>}
        {rows && rows.length > 0 && (
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('console.device')}</th>
                <th scope="col">{t('consoleFleet.status')}</th>
                <th scope="col">{t('consoleFleet.sentAt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>{d.deviceName}</td>
                  <td>
                    <StatusIcon status={d.status} />
                  </td>
                  <td>{formatDate(d.createdAt, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next && (
          <p className="actions">
            <button type="button" onClick={() => void more()}>
              {t('consoleFleet.loadMore')}
            </button>
          </p>
        )}
      </section>
    </details>
  );
}
