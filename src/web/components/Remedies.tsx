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
type Remedy = Judged['remedies'][number];

/**
 * Where a remedy's one click goes: the portal's own routes, or the console's for an organization.
 * A remedy whose action is absent here is not offered (the console sends no download links).
 */
export interface RemedyActions {
  /** Makes the send a remedy asks for (a replace or a reserve) and answers its results. */
  send: (body: { deviceIds: string[]; replaces?: string; reserve?: boolean }) => Promise<SendResult[]>;
  /** Switch to where a download link is sent. */
  onDownloads?: () => void;
  /** The installer's address, for "Update the app". */
  installerHref?: (installerId: string) => string;
  /** Where a device is connected. */
  connectTo: string;
}

function offered(r: Remedy, actions: RemedyActions): boolean {
  if (r.kind === 'send_download_link') return actions.onDownloads !== undefined;
  if (r.kind === 'update_app') return actions.installerHref !== undefined;
  return true;
}

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
  const actions: RemedyActions = {
    send: async (body) =>
      (await api('POST', '/v1/me/subscriptions/{id}/deliveries', { params: { id: subscriptionId }, body }))
        .results,
    onDownloads,
    installerHref: (installerId) =>
      href('/v1/me/subscriptions/{id}/downloads/{installerId}', {
        params: { id: subscriptionId, installerId },
      }),
    connectTo: '/devices',
  };
  return <RemedyButtons device={device} actions={actions} onSent={onSent} />;
}

/** The remedies' buttons, wherever their actions go (see RemedyActions). */
export function RemedyButtons({
  device,
  actions,
  onSent,
}: {
  device: Judged;
  actions: RemedyActions;
  /** A send was made: its results, and a sentence to say instead of the usual one (a replace). */
  onSent: (results: SendResult[], note?: string) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remedies = device.remedies.filter((r) => offered(r, actions));
  if (remedies.length === 0) return null;

  const send = async (body: { replaces?: string; reserve?: boolean }, note?: string) => {
    setBusy(true);
    setError(null);
    try {
      const results = await actions.send({ deviceIds: [device.deviceId], ...body });
      onSent(results, 'delivery' in (results[0] ?? {}) ? note : undefined);
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="remedies" role="group" aria-label={t('seatLife.remedy.label')}>
      {remedies.map((r) => {
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
              <button key="link" type="button" onClick={actions.onDownloads}>
                {t('seatLife.remedy.downloadLink')}
              </button>
            );
          case 'update_app':
            return r.installerId && actions.installerHref ? (
              <a key="update" className="button" href={actions.installerHref(r.installerId)}>
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
              <AppLink key="connect" to={actions.connectTo}>
                {t('seatLife.remedy.connect')}
              </AppLink>
            );
        }
      })}
      <SeatLifeError code={error} />
    </div>
  );
}
