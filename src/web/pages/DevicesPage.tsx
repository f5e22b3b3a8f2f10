import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../api.ts';
import { api, ApiError, textField } from '../api.ts';
import { ErrorText } from '../components/Support.tsx';
import { formatDate } from '../i18n.ts';
import { useLiveDeliveries } from '../live.ts';

export function DevicesPage() {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const load = useCallback(() => {
    api<{ devices: Device[] }>('GET', '/v1/me/devices').then(
      (r) => setDevices(r.devices),
      () => setDevices([]),
    );
  }, []);
  useEffect(load, [load]);
  useLiveDeliveries(load, load);

  return (
    <>
      <h1>{t('devices.title')}</h1>
      <ConnectNewApp />
      {devices === null ? (
        <p>{t('app.loading')}</p>
      ) : devices.length === 0 ? (
        <p>{t('devices.none')}</p>
      ) : (
        <ul className="cards">
          {devices.map((d) => (
            <DeviceCard key={d.id} device={d} onChange={load} />
          ))}
        </ul>
      )}
    </>
  );
}

function DeviceCard({ device, onChange }: { device: Device; onChange: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm'>('view');
  const [error, setError] = useState<string | null>(null);

  const rename = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = textField(e.currentTarget, 'name').trim();
    try {
      await api('PATCH', `/v1/me/devices/${device.id}`, { name });
      setMode('view');
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.code : 'generic');
    }
  };
  const disconnect = async () => {
    try {
      await api('DELETE', `/v1/me/devices/${device.id}`);
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.code : 'generic');
    }
  };

  return (
    <li className="card">
      <h2>{device.name}</h2>
      <dl className="facts">
        <dt>{t('devices.platform')}</dt>
        <dd>{device.platform}</dd>
        <dt>{t('devices.apps')}</dt>
        <dd>{device.apps.map((a) => `${a.app} ${a.version}`).join(', ') || '—'}</dd>
        <dt>{t('devices.current')}</dt>
        <dd>{device.current.map((c) => c.productName).join(', ') || t('devices.noCurrent')}</dd>
      </dl>
      <p className="meta">{t('devices.lastSeen', { date: formatDate(device.lastSeenAt, true) })}</p>
      {mode === 'rename' && (
        <form onSubmit={(e) => void rename(e)} className="inline">
          <label>
            {t('devices.newName', { device: device.name })}
            <input name="name" defaultValue={device.name} required maxLength={100} autoFocus />
          </label>
          <button type="submit" className="primary">
            {t('devices.save')}
          </button>
          <button type="button" onClick={() => setMode('view')}>
            {t('devices.cancel')}
          </button>
        </form>
      )}
      {mode === 'confirm' && (
        <div role="alertdialog" aria-labelledby={`confirm-${device.id}`} className="confirm">
          <p id={`confirm-${device.id}`}>{t('devices.confirmDisconnect', { device: device.name })}</p>
          <button type="button" className="danger" onClick={() => void disconnect()} autoFocus>
            {t('devices.confirm')}
          </button>
          <button type="button" onClick={() => setMode('view')}>
            {t('devices.cancel')}
          </button>
        </div>
      )}
      {mode === 'view' && (
        <p className="actions">
          <button type="button" onClick={() => setMode('rename')}>
            {t('devices.rename')}
          </button>
          <button type="button" onClick={() => setMode('confirm')}>
            {t('devices.disconnect')}
          </button>
        </p>
      )}
      <ErrorText code={error} />
    </li>
  );
}

function ConnectNewApp() {
  const { t } = useTranslation();
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const get = async () => {
    setError(null);
    setCopied(false);
    try {
      setCode(await api<{ code: string; expiresAt: string }>('POST', '/v1/me/connect-codes'));
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.code : 'generic');
    }
  };
  return (
    <section className="card" aria-labelledby="connect-title">
      <h2 id="connect-title">{t('devices.connectNew')}</h2>
      <p>{t('devices.connectIntro')}</p>
      <button type="button" onClick={() => void get()}>
        {t('devices.getCode')}
      </button>
      {code && (
        <div className="code-box">
          <output className="code" aria-label={t('devices.connectNew')}>
            {code.code}
          </output>
          <button
            type="button"
            onClick={() => void navigator.clipboard.writeText(code.code).then(() => setCopied(true))}
          >
            {copied ? t('devices.copied') : t('devices.copy')}
          </button>
          <small>{t('devices.codeExpires', { time: formatDate(code.expiresAt, true) })}</small>
          <small className="hint">{t('devices.agentHint', { code: code.code })}</small>
        </div>
      )}
      <ErrorText code={error} />
    </section>
  );
}
