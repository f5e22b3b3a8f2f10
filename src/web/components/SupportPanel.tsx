import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { formatDate } from '../i18n.ts';
import '../styles/support.css';

export type SupportContact = Answer<'GET', '/v1/support/contact'>['contact'];
type Made = Answer<'POST', '/v1/me/support-references'>;

/** What a reference made beside a refusal stands for, besides the account. */
export interface SupportContext {
  subscriptionId?: string;
  deviceId?: string;
  reasons?: readonly string[];
}

/** The configured contact, asked once per page load: it changes only with the server's settings. */
let contactOnce: Promise<SupportContact> | null = null;
function loadContact(): Promise<SupportContact> {
  contactOnce ??= api('GET', '/v1/support/contact').then(
    (a) => a.contact,
    (e: unknown) => {
      contactOnce = null;
      throw e;
    },
  );
  return contactOnce;
}

/**
 * Customer service and the short reference to quote to it. In Help the reference is made when
 * asked for; beside a refusal (`auto`) at once, standing for the subscription, device and reasons.
 */
export function SupportPanel({
  context,
  signedIn,
  auto = false,
}: {
  context?: SupportContext;
  signedIn: boolean;
  auto?: boolean;
}) {
  const { t } = useTranslation();
  const [contact, setContact] = useState<SupportContact | null>(null);
  const [made, setMade] = useState<Made | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadContact().then(
      (c) => live && setContact(c),
      (e: unknown) => live && setError(errorCode(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  const getReference = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        ...(context?.subscriptionId ? { subscriptionId: context.subscriptionId } : {}),
        ...(context?.deviceId ? { deviceId: context.deviceId } : {}),
        ...(context?.reasons?.length ? { reasons: [...new Set(context.reasons)].slice(0, 20) } : {}),
      };
      const answer = await api('POST', '/v1/me/support-references', { body });
      setMade(answer);
      setContact(answer.contact);
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };
  // Beside a refusal, asking for customer service is asking for the reference too.
  useEffect(() => {
    if (auto && signedIn) void getReference();
    // Once, when the panel opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const copy = async () => {
    if (!made) return;
    await navigator.clipboard?.writeText(made.reference).catch(() => {});
    setCopied(true);
  };

  return (
    <div className="support-panel">
      <p>{t('support.intro')}</p>
      {contact && <ContactLink contact={contact} reference={made?.reference} />}
      {!signedIn ? (
        <p className="support-note">{t('support.signInForReference')}</p>
      ) : made ? (
        <div className="support-reference" role="status">
          <p>
            {t('support.yourReference')}: <strong className="reference">{made.reference}</strong>{' '}
            <button type="button" onClick={() => void copy()}>
              {copied ? t('support.copied') : t('support.copy')}
            </button>
          </p>
          <p className="support-note">
            {t('support.referenceWhy')} {t('support.validUntil', { date: formatDate(made.expiresAt) })}
          </p>
        </div>
      ) : (
        <>
          <p className="support-note">{t('support.referenceWhy')}</p>
          <button type="button" onClick={() => void getReference()} disabled={busy}>
            {busy ? t('support.gettingReference') : t('support.getReference')}
          </button>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {t(`errors.${error}`, { defaultValue: t('errors.generic') })}
        </p>
      )}
    </div>
  );
}

/** An email address opens the mail app with the reference in the subject; a page opens in a new tab. */
function ContactLink({ contact, reference }: { contact: SupportContact; reference?: string }) {
  const { t } = useTranslation();
  if (contact.kind === 'url')
    return (
      <p>
        <a href={contact.value} target="_blank" rel="noopener noreferrer">
          {t('support.openPage')}
        </a>
      </p>
    );
  const params = reference
    ? `?subject=${encodeURIComponent(t('support.subject', { ref: reference }))}&body=${encodeURIComponent(
        t('support.body', { ref: reference }),
      )}`
    : '';
  return (
    <p>
      <a href={`mailto:${contact.value}${params}`}>{t('support.writeTo', { address: contact.value })}</a>
    </p>
  );
}
