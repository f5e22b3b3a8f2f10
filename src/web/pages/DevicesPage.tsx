import { RevokeSubscription } from '../components/SeatPlans.tsx';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../api.ts';
import { api, errorCode, href, textField } from '../api.ts';
import { ConnectNewApp } from '../components/ConnectNewApp.tsx';
import type { AppNames } from '../components/DeviceFacts.tsx';
import { appNamesFrom, DeviceFacts } from '../components/DeviceFacts.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { DeviceNotices } from '../components/DeviceNotices.tsx';
import { LostDevice } from '../components/LostDevice.tsx';
import { SilentDevice } from '../components/SilentDevice.tsx';
import { ErrorText } from '../components/Support.tsx';
import { useLiveDeliveries } from '../live.ts';

export function DevicesPage() {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // What the page's live region last said (renamed, disconnected, connected).
  const [news, setNews] = useState('');
  // The installed apps' names, from the account's subscriptions (the device view has only ids).
  const [appNames, setAppNames] = useState<AppNames>(new Map());
  useEffect(() => {
    api('GET', '/v1/me/subscriptions').then(
      (r) => setAppNames(appNamesFrom(r.subscriptions)),
      () => {},
    );
  }, []);

  const load = useCallback(async (): Promise<Device[] | null> => {
    try {
      const r = await api('GET', '/v1/me/devices');
      setDevices(r.devices);
      setError(null);
      return r.devices;
    } catch (e) {
      setError(errorCode(e));
      return null;
    }
  }, []);
  const reload = useCallback(() => void load(), [load]);
  useEffect(reload, [reload]);
  useLiveDeliveries(href('/v1/me/events'), reload, reload);

  return (
    <>
      <PageTitle>{t('devices.title')}</PageTitle>
      <ConnectNewApp
        known={devices}
        refresh={load}
        onConnected={(d) => setNews(t('devices.connected', { device: d.name }))}
      />
      <ErrorText code={error} />
      <DeviceNotices devices={devices} onChange={reload} />
      {devices === null ? (
        !error && <p>{t('app.loading')}</p>
      ) : devices.length === 0 ? (
        <p>{t('devices.none')}</p>
      ) : (
        <ul className="cards">
          {devices.map((d) => (
            <DeviceCard
              key={d.id}
              device={d}
              appNames={appNames}
              onRenamed={(name) => {
                setNews(t('devices.renamed', { device: name }));
                reload();
              }}
              onRevoked={(said) => {
                setNews(said);
                reload();
              }}
              onDisconnected={() => {
                setNews(t('devices.disconnected', { device: d.name }));
                // Its card is gone, and the focus with it: back to the top of the page.
                document.querySelector<HTMLElement>('main h1')?.focus();
                reload();
              }}
            />
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status">
        {news}
      </p>
    </>
  );
}

function DeviceCard({
  device,
  appNames,
  onRenamed,
  onDisconnected,
  onRevoked,
}: {
  device: Device;
  appNames: AppNames;
  onRenamed: (name: string) => void;
  onDisconnected: () => void;
  /** A subscription was removed from it (it stays connected): what to say. */
  onRevoked: (said: string) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm'>('view');
  const [error, setError] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const disconnectButton = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<'rename' | 'confirm' | null>(null);

  // Back from renaming or confirming: the focus returns to the button that started it.
  useEffect(() => {
    if (mode !== 'view') return;
    if (returnTo.current === 'rename') renameButton.current?.focus();
    if (returnTo.current === 'confirm') disconnectButton.current?.focus();
    returnTo.current = null;
  }, [mode]);
  const back = (from: 'rename' | 'confirm') => {
    returnTo.current = from;
    setError(null);
    setMode('view');
  };

  const rename = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = textField(e.currentTarget, 'name').trim();
    if (!name) return setError('VALIDATION_FAILED');
    try {
      await api('PATCH', '/v1/me/devices/{id}', { params: { id: device.id }, body: { name } });
      back('rename');
      onRenamed(name);
    } catch (err) {
      setError(errorCode(err));
    }
  };
  const disconnect = async () => {
    try {
      await api('DELETE', '/v1/me/devices/{id}', { params: { id: device.id } });
      onDisconnected();
    } catch (err) {
      setError(errorCode(err));
    }
  };

  return (
    <li className="card device-card" data-device={device.id}>
      <h2>{device.name}</h2>
      <DeviceFacts device={device} appNames={appNames} />
      {mode === 'view' &&
        device.current.map((c) => (
          <RevokeSubscription
            key={c.subscriptionId}
            deviceId={device.id}
            device={device.name}
            subscriptionId={c.subscriptionId}
            product={c.productName}
            onRevoked={onRevoked}
          />
        ))}
      <SilentDevice device={device} />
      {mode === 'rename' && (
        <form
          onSubmit={(e) => void rename(e)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') back('rename');
          }}
          className="inline"
        >
          <label>
            {t('devices.newName', { device: device.name })}
            <input name="name" defaultValue={device.name} required maxLength={100} autoFocus />
          </label>
          <button type="submit" className="primary">
            {t('devices.save')}
          </button>
          <button type="button" onClick={() => back('rename')}>
            {t('devices.cancel')}
          </button>
        </form>
      )}
      {mode === 'confirm' && (
        <div
          role="alertdialog"
          aria-labelledby={`confirm-${device.id}`}
          className="confirm"
          onKeyDown={(e) => {
            if (e.key === 'Escape') back('confirm');
          }}
        >
          <p id={`confirm-${device.id}`}>{t('devices.confirmDisconnect', { device: device.name })}</p>
          <button type="button" className="danger" onClick={() => void disconnect()} autoFocus>
            {t('devices.confirm')}
          </button>
          <button type="button" onClick={() => back('confirm')}>
            {t('devices.cancel')}
          </button>
        </div>
      )}
      {mode === 'view' && (
        <div className="card-actions" role="group" aria-label={t('devices.actions', { device: device.name })}>
          <button type="button" ref={renameButton} onClick={() => setMode('rename')}>
            {t('devices.rename')}
          </button>
          <button type="button" ref={disconnectButton} onClick={() => setMode('confirm')}>
            {t('devices.disconnect')}
          </button>
          <LostDevice device={device} onLost={onDisconnected} />
        </div>
      )}
      <ErrorText code={error} />
    </li>
  );
}
