import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, ReasonCode, Schemas } from '../api.ts';
import { api, ApiError, errorCode, href, textField } from '../api.ts';
import { formatDate } from '../i18n.ts';
import { navigate } from '../router.ts';
import { PlatformName, platformName } from './Platform.tsx';
import { ContactSupport, ErrorText, Reasons } from './Support.tsx';

type Installer = Schemas['Installer'];

function formatSize(bytes: number | null, language: string): string {
  if (bytes === null) return '';
  const [value, unit] =
    bytes >= 1024 ** 3
      ? [bytes / 1024 ** 3, 'GB']
      : bytes >= 1024 ** 2
        ? [bytes / 1024 ** 2, 'MB']
        : [Math.max(bytes / 1024, 0.1), 'KB'];
  const locale = language === 'da' ? 'da-DK' : 'en-GB';
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}

/**
 * "Other downloads": the installers of the subscription's app, and "Send link", which emails a
 * download link for a new device (the help article's first path). A refusal is explained by its
 * reasons, as sentences.
 */
export function OtherDownloads({ subscriptionId }: { subscriptionId: string }) {
  const { t, i18n } = useTranslation();
  const [installers, setInstallers] = useState<Installer[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Answer<'POST', '/v1/me/subscriptions/{id}/download-links'> | null>(null);
  const [refused, setRefused] = useState<ReasonCode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mailbox, setMailbox] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const emailId = useId();

  useEffect(() => {
    api('GET', '/v1/me/subscriptions/{id}/downloads', { params: { id: subscriptionId } }).then(
      (r) => setInstallers(r.installers),
      (e: unknown) => setLoadError(errorCode(e)),
    );
  }, [subscriptionId]);
  useEffect(() => {
    if (!formOpen) return;
    emailRef.current?.focus();
    // Most links go to the person's own inbox, opened on the new device: offer their address,
    // selected, so that typing another one replaces it.
    api('GET', '/v1/me').then(
      (me) => {
        const input = emailRef.current;
        if (!input || input.value) return;
        input.value = me.email;
        if (document.activeElement === input) input.select();
      },
      () => {},
    );
  }, [formOpen]);

  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const email = textField(e.currentTarget, 'email').trim();
    setBusy(true);
    setError(null);
    setRefused(null);
    setSent(null);
    try {
      const r = await api('POST', '/v1/me/subscriptions/{id}/download-links', {
        params: { id: subscriptionId },
        body: { email },
      });
      setSent(r);
      // The demo has no mail server: say where the mail can be read instead.
      api('GET', '/v1/me/mailbox').then(
        () => setMailbox(true),
        () => setMailbox(false),
      );
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'SEND_REFUSED')
        setRefused(err.problem.reasons ?? []);
      else if (err instanceof ApiError && err.problem.code === 'VALIDATION_FAILED') setError('invalidEmail');
      else setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <ErrorText code={loadError} />;
  if (!installers) return <p>{t('app.loading')}</p>;
  return (
    <div className="other-downloads">
      <p>{t('downloads.intro')}</p>
      {installers.length === 0 ? (
        <p>{t('downloads.none')}</p>
      ) : (
        <ul className="cards installers">
          {installers.map((i) => (
            <li key={i.id} className="card">
              <h3>
                <PlatformName platform={i.platform} />
              </h3>
              <p className="meta">
                {t('downloads.version', { version: i.version })}
                {i.size !== null && <> · {formatSize(i.size, i18n.language)}</>}
              </p>
              <a
                href={href('/v1/me/subscriptions/{id}/downloads/{installerId}', {
                  params: { id: subscriptionId, installerId: i.id },
                })}
                download={i.fileName}
              >
                {t('downloads.download', { platform: platformName(i.platform) })}
              </a>
              <details>
                <summary>{t('downloads.checksum')}</summary>
                <code className="checksum">{i.sha256}</code>
              </details>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('downloads.newDevice')}</h3>
      <p>{t('downloads.linkIntro')}</p>
      <button type="button" aria-expanded={formOpen} onClick={() => setFormOpen(!formOpen)}>
        {t('send.sendLink')}
      </button>
      {formOpen && (
        <form className="send-link" onSubmit={(e) => void send(e)}>
          <label htmlFor={emailId}>{t('downloads.email')}</label>
          <input
            ref={emailRef}
            id={emailId}
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            aria-describedby={`${emailId}-hint`}
          />
          <p id={`${emailId}-hint`} className="hint">
            {t('downloads.clipboard')}
          </p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('send.sending') : t('send.send')}
          </button>
        </form>
      )}
      {sent && (
        <div role="status" className="ok">
          <p>{t('downloads.sent', { email: sent.email, date: formatDate(sent.expiresAt, true) })}</p>
          {mailbox && (
            <p>
              <a
                href="/mailbox"
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/mailbox');
                }}
              >
                {t('mailbox.open')}
              </a>
            </p>
          )}
        </div>
      )}
      {refused && (
        <div role="alert" className="refused">
          <p>{t('downloads.refused')}</p>
          <Reasons reasons={refused} />
          <ContactSupport subscriptionId={subscriptionId} reasons={refused} />
        </div>
      )}
      {error === 'invalidEmail' ? (
        <p className="error" role="alert">
          {t('downloads.invalidEmail')}
        </p>
      ) : error === 'RATE_LIMITED' ? (
        <p className="error" role="alert">
          {t('downloads.rateLimited')}
        </p>
      ) : (
        <ErrorText code={error} />
      )}
    </div>
  );
}
