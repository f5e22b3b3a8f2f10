import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, Device } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { formatDate, locale } from '../i18n.ts';
import { ErrorText } from './Support.tsx';
import '../styles/silent-devices.css';

type Silent = Answer<'GET', '/v1/me/silent-devices'>['devices'][number];

/** The cards of one page ask together: one request for all of them (they mount in one commit). */
let asking: Promise<Silent[]> | null = null;
function silentDevices(): Promise<Silent[]> {
  asking ??= api('GET', '/v1/me/silent-devices')
    .then((r) => r.devices)
    .finally(() => setTimeout(() => (asking = null)));
  return asking;
}

/** "41 days ago", in the user's language (the days counted by the server's clock). */
function daysAgo(days: number): string {
  return new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' }).format(-days, 'day');
}

/** What a silent device's notice says, in the portal and the console: since when, until when, of what. */
export function SilenceNotice({
  silent,
}: {
  silent: { lastSeenDaysAgo: number; endsAt: string; products: { name: string }[] };
}) {
  const { t } = useTranslation();
  return (
    <>
      <p>
        {t('silentDevices.notice', {
          count: silent.products.length,
          ago: daysAgo(silent.lastSeenDaysAgo),
          date: formatDate(silent.endsAt),
        })}
      </p>
      <p className="meta">
        {t('silentDevices.products', { products: silent.products.map((p) => p.name).join(', ') })}
      </p>
    </>
  );
}

/**
 * On a device card: a device silent long enough that its seat frees on a date unless it checks
 * in, with "Keep this device". Shows nothing for a device that is not silent.
 */
export function SilentDevice({ device }: { device: Device }) {
  const { t } = useTranslation();
  const [silent, setSilent] = useState<Silent | null>(null);
  const [state, setState] = useState<'idle' | 'keeping' | 'kept'>('idle');
  const [error, setError] = useState<string | null>(null);

  const held = device.current.length;
  useEffect(() => {
    let live = true;
    silentDevices().then(
      (all) => live && setSilent(all.find((s) => s.deviceId === device.id) ?? null),
      () => live && setSilent(null),
    );
    return () => {
      live = false;
    };
  }, [device.id, device.lastSeenAt, held]);

  const keep = async () => {
    setState('keeping');
    setError(null);
    try {
      await api('POST', '/v1/me/devices/{id}/keep', { params: { id: device.id } });
      setState('kept');
      setSilent(null);
    } catch (err) {
      setState('idle');
      setError(errorCode(err));
    }
  };

  if (state === 'kept')
    return (
      <p className="silent-device" role="status">
        {t('silentDevices.kept', { device: device.name })}
      </p>
    );
  if (!silent) return null;
  return (
    <div className="silent-device" data-silent-device={device.id}>
      <SilenceNotice silent={silent} />
      <button type="button" onClick={() => void keep()} disabled={state === 'keeping'}>
        {state === 'keeping' ? t('silentDevices.keeping') : t('silentDevices.keep')}
      </button>
      <ErrorText code={error} />
    </div>
  );
}
