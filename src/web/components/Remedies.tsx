import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Eligibility, SendResult } from '../api.ts';
import { api, errorCode, href } from '../api.ts';
import { formatDate } from '../i18n.ts';
import { AppLink } from './AppLink.tsx';
import { platformName } from './Platform.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import { SeatLifeError } from './SeatLifeError.tsx';
import '../styles/seat-life.css';

type Judged = Eligibility['devices'][number];

/**
 * The one-step fix beside a refusal, one click each (the pre-flight's `remedies`): Replace …
 * (a seat holder, with when it was last seen), Send as reserve, Send a download link, Update the
 * app (the installer), Connect.
 */
export function Remedies({
  subscriptionId,
  device,
  onSent,
  onDownloads,
}: {
  subscriptionId: string;
  device: Judged;
  /** A send was made: its results, and a sentence to say instead of the usual one (a replace). */
  onSent: (results: SendResult[], note?: string) => void;
  /** Switch to "Other downloads", where a download link is sent. */
  onDownloads: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (device.remedies.length === 0) return null;

  const send = async (body: { replaces?: string; reserve?: boolean }, note?: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api('POST', '/v1/me/subscriptions/{id}/deliveries', {
        params: { id: subscriptionId },
        body: { deviceIds: [device.deviceId], ...body },
      });
      onSent(r.results, 'delivery' in (r.results[0] ?? {}) ? note : undefined);
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="remedies" role="group" aria-label={t('seatLife.remedy.label')}>
      {device.remedies.map((r) => {
        switch (r.kind) {
          case 'replace':
            return (r.seatHolders ?? []).map((h) => (
              <button
                key={h.deviceId}
                type="button"
                disabled={busy}
                onClick={() =>
                  void send(
                    { replaces: h.deviceId },
                    t('seatLife.remedy.replacing', { device: device.name, old: h.name }),
                  )
                }
              >
                {t('seatLife.remedy.replace', { device: h.name })}{' '}
                <small>
                  (
                  <RelativeTime
                    iso={h.lastSeenAt}
                    words={(date) => t('seatLife.remedy.lastSeen', { date })}
                  />
                  )
                </small>
              </button>
            ));
          case 'reserve':
            return (
              <span key="reserve">
                <button type="button" disabled={busy} onClick={() => void send({ reserve: true })}>
                  {t('seatLife.remedy.reserve')}
                </button>
                {r.startsAt && (
                  <small> {t('seatLife.remedy.reserveHint', { date: formatDate(r.startsAt) })}</small>
                )}
              </span>
            );
          case 'send_download_link':
            return (
              <button key="link" type="button" onClick={onDownloads}>
                {t('seatLife.remedy.downloadLink')}
              </button>
            );
          case 'update_app':
            return r.installerId ? (
              <a
                key="update"
                className="button"
                href={href('/v1/me/subscriptions/{id}/downloads/{installerId}', {
                  params: { id: subscriptionId, installerId: r.installerId },
                })}
              >
                {t('seatLife.remedy.updateApp')}{' '}
                <small>
                  (
                  {t('seatLife.remedy.updateAppHint', {
                    version: r.version,
                    platform: platformName(r.platform ?? ''),
                  })}
                  )
                </small>
              </a>
            ) : null;
          case 'connect':
            return (
              <AppLink key="connect" to="/devices">
                {t('seatLife.remedy.connect')}
              </AppLink>
            );
        }
      })}
      <SeatLifeError code={error} />
    </div>
  );
}
