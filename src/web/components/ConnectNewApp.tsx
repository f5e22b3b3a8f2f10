import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, Device } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { formatDate } from '../i18n.ts';
import { ErrorText } from './Support.tsx';

/** While a connect code is on screen, the list is checked this often for the app that uses it. */
const WATCH_MS = 2_000;

/** "Connect a new app": a one-time code, copied with one click, watched until the app uses it. */
export function ConnectNewApp({
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
          <small className="hint">
            {t('devices.agentHint', { code: code.code, server: window.location.origin })}
          </small>
        </div>
      )}
      <ErrorText code={error} />
    </section>
  );
}
