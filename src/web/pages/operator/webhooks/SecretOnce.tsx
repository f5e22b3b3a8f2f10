import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A signing secret, shown the one time the server answers it: a copy button, a clear "you will
 * not see it again", and a button to put it away. Its heading takes the focus when it appears,
 * and `focusAfter` when it goes.
 */
export function SecretOnce({
  secret,
  note,
  focusAfter,
  onDone,
}: {
  secret: string;
  note?: string;
  /** The id of what takes the focus once it is put away (this section is gone then). */
  focusAfter: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  useEffect(() => heading.current?.focus(), []);
  const copy = () => {
    // No clipboard here (a page not served over HTTPS, or permission refused): say so.
    if (!navigator.clipboard) return setCopied('failed');
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <section className="card secret-once" aria-labelledby="secret-once-title">
      <h2 id="secret-once-title" tabIndex={-1} ref={heading}>
        {t('webhooks.secret.title')}
      </h2>
      {note && <p>{note}</p>}
      <p className="hint">
        <strong>{t('webhooks.secret.once')}</strong>
      </p>
      <p>
        <span id="secret-once-label">{t('webhooks.secret.label')}</span>
        <br />
        <output className="webhook-secret" aria-labelledby="secret-once-label">
          {secret}
        </output>
      </p>
      <p className="actions">
        <button type="button" onClick={copy}>
          {copied === 'yes' ? t('webhooks.secret.copied') : t('webhooks.secret.copy')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            document.getElementById(focusAfter)?.focus();
            onDone();
          }}
        >
          {t('webhooks.secret.done')}
        </button>
      </p>
      <p role="status" className={copied === 'failed' ? 'hint' : 'visually-hidden'}>
        {copied === 'failed'
          ? t('webhooks.secret.copyFailed')
          : copied === 'yes'
            ? t('webhooks.secret.copied')
            : ''}
      </p>
    </section>
  );
}
