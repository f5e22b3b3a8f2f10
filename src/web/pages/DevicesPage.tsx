import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, Device } from '../api.ts';
import { api, errorCode, href, textField } from '../api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { ErrorText } from '../components/Support.tsx';
import { formatDate } from '../i18n.ts';
import { useLiveDeliveries } from '../live.ts';

/** While a connect code is on screen, the list is checked this often for the app that uses it. */
const WATCH_MS = 2_000;

export function DevicesPage() {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // What the page's live region last said (renamed, disconnected, connected).
  const [news, setNews] = useState('');

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
              onRenamed={(name) => {
                setNews(t('devices.renamed', { device: name }));
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
  onRenamed,
  onDisconnected,
}: {
  device: Device;
  onRenamed: (name: string) => void;
  onDisconnected: () => void;
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
    <li className="card" data-device={device.id}>
      <h2>{device.name}</h2>
      <dl className="facts">
        <dt>{t('devices.platform')}</dt>
        <dd>{device.platform}</dd>
        <dt>{t('devices.apps')}</dt>
        <dd>{device.apps.map((a) => `${a.app} ${a.version}`).join(', ') || '—'}</dd>
        <dt>{t('devices.current')}</dt>
        <dd>
          {device.current.map((c) => `${c.productName} (${formatDate(c.expiresAt)})`).join(', ') ||
            t('devices.noCurrent')}
        </dd>
      </dl>
      <p className="meta">{t('devices.lastSeen', { date: formatDate(device.lastSeenAt, true) })}</p>
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
        <p className="actions">
          <button type="button" ref={renameButton} onClick={() => setMode('rename')}>
            {t('devices.rename')}
          </button>
          <button type="button" ref={disconnectButton} onClick={() => setMode('confirm')}>
            {t('devices.disconnect')}
          </button>
        </p>
      )}
      <ErrorText code={error} />
    </li>
  );
}

function ConnectNewApp({
  known,
  refresh,
  onConnected,
}: {
  known: Device[] | null;
  refresh: () => Promise<Device[] | null>;
  onConnected: (device: Device) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState<Answer<'POST', '/v1/me/connect-codes'> | null>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'manual'>('no');
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLOutputElement>(null);

  // While the code is valid, watch for the app that uses it, so the user sees it arrive.
  const before = useRef<Set<string>>(new Set());
  const watch = useRef({ refresh, onConnected });
  watch.current = { refresh, onConnected };
  useEffect(() => {
    if (!code) return;
    const timer = setInterval(() => {
      if (Date.now() > Date.parse(code.expiresAt)) return setCode(null);
      void watch.current.refresh().then((devices) => {
        const added = devices?.find((d) => !before.current.has(d.id));
        if (!added) return;
        setCode(null);
        watch.current.onConnected(added);
      });
    }, WATCH_MS);
    return () => clearInterval(timer);
  }, [code]);

  const get = async () => {
    setError(null);
    setCopied('no');
    try {
      before.current = new Set((known ?? []).map((d) => d.id));
      setCode(await api('POST', '/v1/me/connect-codes'));
    } catch (err) {
      setError(errorCode(err));
    }
  };
  const copy = async () => {
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code.code);
      setCopied('yes');
    } catch {
      // No clipboard here (a page not served over HTTPS, or permission refused): select the
      // code, so that one key press copies it.
      if (codeRef.current) getSelection()?.selectAllChildren(codeRef.current);
      setCopied('manual');
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
          <output ref={codeRef} className="code" aria-label={t('devices.connectNew')}>
            {code.code}
          </output>
          <button type="button" onClick={() => void copy()}>
            {copied === 'yes' ? t('devices.copied') : t('devices.copy')}
          </button>
          <small>{t('devices.codeExpires', { time: formatDate(code.expiresAt, true) })}</small>
          <small role="status" className={copied === 'manual' ? 'hint' : 'visually-hidden'}>
            {copied === 'manual' ? t('devices.copyManually') : copied === 'yes' ? t('devices.copied') : ''}
          </small>
          <small className="hint">{t('devices.agentHint', { code: code.code })}</small>
        </div>
      )}
      <ErrorText code={error} />
    </section>
  );
}
