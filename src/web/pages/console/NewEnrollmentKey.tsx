import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A key just made: the only time it is shown, with a copy button, the agent's command line and a config file. */
export interface MadeKey {
  name: string;
  key: string;
  group: string | null;
}

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        onClick={() => {
          // No clipboard here (a page not served over HTTPS, or permission refused): say so.
          if (!navigator.clipboard) return setState('failed');
          navigator.clipboard.writeText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          );
        }}
      >
        {state === 'copied' ? t('enrollment.copied') : t('enrollment.copy')}
      </button>
      {state === 'failed' && <span className="hint">{t('enrollment.copyFailed')}</span>}
    </>
  );
}

export function NewEnrollmentKey({ made, onDone }: { made: MadeKey; onDone: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const server = window.location.origin;
  const command = `npm run agent -- --server ${server} --enrollment-key ${made.key} --name "<device name>"`;
  // The config file is made here, from the key this page holds: the server never has the key again.
  const config = useMemo(() => {
    const body = JSON.stringify({ server, enrollmentKey: made.key }, null, 2) + '\n';
    return URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  }, [server, made.key]);
  useEffect(() => () => URL.revokeObjectURL(config), [config]);
  return (
    <section className="card new-key" aria-labelledby="new-key-title">
      <h3 id="new-key-title" tabIndex={-1} ref={heading}>
        {t('enrollment.made', { name: made.name })}
      </h3>
      <p className="hint">{t('enrollment.shownOnce')}</p>
      <p>
        <strong>{t('enrollment.key')}</strong>
        <output className="secret" aria-label={t('enrollment.key')}>
          {made.key}
        </output>
      </p>
      <p className="actions">
        <CopyButton text={made.key} />
      </p>
      <h4>{t('enrollment.commandTitle')}</h4>
      <p>{t('enrollment.commandHint')}</p>
      <pre className="command">{command}</pre>
      <p className="actions">
        <CopyButton text={command} />
      </p>
      <h4>{t('enrollment.configTitle')}</h4>
      <p>{t('enrollment.configHint')}</p>
      <p>
        <a href={config} download="seatpost-enrollment.json">
          {t('enrollment.download')}
        </a>
      </p>
      <p className="actions">
        <button type="button" className="primary" onClick={onDone}>
          {t('enrollment.done')}
        </button>
      </p>
    </section>
  );
}
