import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api.ts';
import { api, errorCode } from '../../api.ts';
import { SilenceNotice } from '../../components/SilentDevice.tsx';
import { ErrorText } from '../../components/Support.tsx';
import '../../styles/silent-devices.css';

type Silent = Answer<'GET', '/v1/console/organizations/{org}/silent-devices'>['devices'][number];

/**
 * The organization's silent managed devices: "Last seen 41 days ago — its seat frees on 12 May
 * unless it checks in", each with Keep (audited). Shows nothing while no device is silent.
 */
export function ConsoleSilentDevices({ org, refreshKey }: { org: string; refreshKey: unknown }) {
  const { t } = useTranslation();
  const [silent, setSilent] = useState<Silent[]>([]);
  const [kept, setKept] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    let live = true;
    api('GET', '/v1/console/organizations/{org}/silent-devices', { params: { org } }).then(
      (r) => live && setSilent(r.devices),
      () => live && setSilent([]),
    );
    return () => {
      live = false;
    };
  }, [org, refreshKey]);

  if (silent.length === 0 && kept.length === 0) return null;
  return (
    <section aria-labelledby="silent-devices" className="silent-devices">
      <h2 id="silent-devices">{t('consoleSeatLife.silent.heading')}</h2>
      {silent.length > 0 && <p className="meta">{t('consoleSeatLife.silent.intro')}</p>}
      {kept.map((k) => (
        <p key={k.id} className="silent-device" role="status">
          {t('silentDevices.kept', { device: k.name })}
        </p>
      ))}
      <ul className="cards">
        {silent.map((d) => (
          <SilentCard
            key={d.deviceId}
            org={org}
            device={d}
            onKept={() => {
              setKept((k) => [...k, { id: d.deviceId, name: d.name }]);
              setSilent((all) => all.filter((x) => x.deviceId !== d.deviceId));
            }}
          />
        ))}
      </ul>
    </section>
  );
}

function SilentCard({ org, device, onKept }: { org: string; device: Silent; onKept: () => void }) {
  const { t } = useTranslation();
  const [keeping, setKeeping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keep = async () => {
    setKeeping(true);
    setError(null);
    try {
      await api('POST', '/v1/console/organizations/{org}/devices/{id}/keep', {
        params: { org, id: device.deviceId },
      });
      onKept();
    } catch (err) {
      setKeeping(false);
      setError(errorCode(err));
    }
  };
  return (
    <li className="card silent-device" data-silent-device={device.deviceId}>
      <h3>{device.name}</h3>
      <SilenceNotice silent={device} />
      <button type="button" onClick={() => void keep()} disabled={keeping}>
        {keeping ? t('silentDevices.keeping') : t('consoleSeatLife.silent.keep', { device: device.name })}
      </button>
      <ErrorText code={error} />
    </li>
  );
}
