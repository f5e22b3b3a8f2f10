import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, Device } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { formatDate } from '../i18n.ts';
import { platformName } from './Platform.tsx';
import { SeatLifeError } from './SeatLifeError.tsx';
import '../styles/seat-life.css';

type DeviceList = Answer<'GET', '/v1/me/devices'>;
type Lost = DeviceList['lost'][number];
type Duplicate = DeviceList['duplicates'][number];

/**
 * Above the devices: "These look like the same device — merge them?" for devices that report the
 * same hardware hint, and the devices reported lost, each with the last time its refused token
 * tried to check in and from where. Reads the list again whenever the page's devices change.
 */
export function DeviceNotices({ devices, onChange }: { devices: Device[] | null; onChange: () => void }) {
  const [extras, setExtras] = useState<DeviceList | null>(null);
  useEffect(() => {
    let live = true;
    api('GET', '/v1/me/devices').then(
      (r) => live && setExtras(r),
      () => live && setExtras(null),
    );
    return () => {
      live = false;
    };
  }, [devices]);
  if (!extras) return null;
  const names = new Map(extras.devices.map((d) => [d.id, d.name]));
  return (
    <>
      {extras.duplicates.map((s) => (
        <MergeSuggestion key={s.keep} suggestion={s} names={names} onMerged={onChange} />
      ))}
      {extras.lost.length > 0 && <LostDevices lost={extras.lost} />}
    </>
  );
}

function MergeSuggestion({
  suggestion,
  names,
  onMerged,
}: {
  suggestion: Duplicate;
  names: Map<string, string>;
  onMerged: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const keep = names.get(suggestion.keep) ?? suggestion.keep;
  const others = suggestion.duplicates.map((id) => names.get(id) ?? id);
  const duplicates = others.reduce(
    (list, name) => (list ? t('seatLife.merge.and', { first: list, second: name }) : name),
    '',
  );
  const merge = async () => {
    setError(null);
    try {
      for (const duplicateId of suggestion.duplicates)
        await api('POST', '/v1/me/devices/{id}/merge', {
          params: { id: suggestion.keep },
          body: { duplicateId },
        });
      setDone(true);
      onMerged();
    } catch (err) {
      setError(errorCode(err));
    }
  };
  if (done)
    return (
      <p className="card" role="status">
        {t('seatLife.merge.merged', { device: keep })}
      </p>
    );
  return (
    <section className="card merge-suggestion" aria-labelledby={`merge-${suggestion.keep}`}>
      <h2 id={`merge-${suggestion.keep}`}>{t('seatLife.merge.heading')}</h2>
      <p>{t('seatLife.merge.suggestion', { keep, duplicates })}</p>
      <p className="meta">{t('seatLife.merge.explain', { keep })}</p>
      <button type="button" onClick={() => void merge()}>
        {t('seatLife.merge.action')}
      </button>
      <SeatLifeError code={error} />
    </section>
  );
}

function LostDevices({ lost }: { lost: Lost[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="lost-devices" className="lost-devices">
      <h2 id="lost-devices">{t('seatLife.lost.heading')}</h2>
      <ul className="cards">
        {lost.map((d) => (
          <li key={d.id} className="card" data-lost-device={d.id}>
            <h3>{d.name}</h3>
            <p className="meta">
              {platformName(d.platform)} · {t('seatLife.lost.lostOn', { date: formatDate(d.lostAt, true) })}
            </p>
            {d.lastAttempt ? (
              <>
                <p className="refused">
                  {d.lastAttempt.address
                    ? t('seatLife.lost.tried', {
                        date: formatDate(d.lastAttempt.at, true),
                        address: d.lastAttempt.address,
                      })
                    : t('seatLife.lost.triedNoAddress', { date: formatDate(d.lastAttempt.at, true) })}
                </p>
                <p className="meta">{t('seatLife.lost.attempts', { count: d.refusedAttempts })}</p>
              </>
            ) : (
              <p className="meta">{t('seatLife.lost.quiet')}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
