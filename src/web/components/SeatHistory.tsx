import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../api.ts';
import { api, errorCode, href } from '../api.ts';
import { formatDate } from '../i18n.ts';
import { SeatLifeError } from './SeatLifeError.tsx';
import '../styles/seat-life.css';

type Entry = Answer<'GET', '/v1/me/subscriptions/{id}/seat-history'>['entries'][number];

/**
 * The subscription's seat history: who held each seat, from when to when, and why it ended,
 * with the same as CSV. In the console (`org`), the organization's subscription. Read again
 * whenever `refreshKey` changes (the page's subscription reloaded: a seat may have moved).
 */
export function SeatHistory({
  subscriptionId,
  org,
  refreshKey,
}: {
  subscriptionId: string;
  org?: string;
  refreshKey?: unknown;
}) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = org
      ? api('GET', '/v1/console/organizations/{org}/subscriptions/{id}/seat-history', {
          params: { org, id: subscriptionId },
        })
      : api('GET', '/v1/me/subscriptions/{id}/seat-history', { params: { id: subscriptionId } });
    load.then(
      (r) => {
        if (!live) return;
        setEntries(r.entries);
        setError(null);
      },
      (e: unknown) => live && setError(errorCode(e)),
    );
    return () => {
      live = false;
    };
  }, [subscriptionId, org, refreshKey]);

  const csv = org
    ? href('/v1/console/organizations/{org}/subscriptions/{id}/seat-history.csv', {
        params: { org, id: subscriptionId },
      })
    : href('/v1/me/subscriptions/{id}/seat-history.csv', { params: { id: subscriptionId } });
  return (
    <section aria-labelledby="seat-history" className="seat-history">
      <h2 id="seat-history">{t('seatLife.history.title')}</h2>
      <p className="meta">{t('seatLife.history.intro')}</p>
      <SeatLifeError code={error} />
      {entries &&
        (entries.length === 0 ? (
          <p>{t('seatLife.history.none')}</p>
        ) : (
          <>
            <div className="table-scroll">
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">{t('seatLife.history.device')}</th>
                    <th scope="col">{t('seatLife.history.from')}</th>
                    <th scope="col">{t('seatLife.history.to')}</th>
                    <th scope="col">{t('seatLife.history.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={`${e.deviceId} ${e.from}`}>
                      <td>{e.deviceName}</td>
                      <td>{formatDate(e.from, true)}</td>
                      <td>{e.to ? formatDate(e.to, true) : '—'}</td>
                      <td>
                        {e.endedBecause
                          ? t(`seatLife.history.endedBecause.${e.endedBecause}`)
                          : t('seatLife.history.held')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              <a href={csv} download>
                {t('seatLife.history.csv')}
              </a>
            </p>
          </>
        ))}
    </section>
  );
}
