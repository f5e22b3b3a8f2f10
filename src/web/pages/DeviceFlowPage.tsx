import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../api.ts';
import { api, errorCode, textField } from '../api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { formatDate } from '../i18n.ts';
import '../styles/device-flow.css';

type Request = Answer<'POST', '/v1/me/device-authorizations/lookup'>;
type Outcome = { status: 'approved' | 'denied'; device: string };

/**
 * The verification URI of RFC 8628 (`/device`, or `/device?user_code=…` from the device's QR code
 * or link): the person enters or confirms the code the device shows, sees what asks, and
 * approves it into their account or an organization they administer, or denies it. A person who
 * is not signed in signs in first and lands back here, on the same address and code.
 */
export function DeviceFlowPage() {
  const { t } = useTranslation();
  const prefilled = useRef(new URLSearchParams(location.search).get('user_code') ?? '');
  const [request, setRequest] = useState<Request | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const detailsHeading = useRef<HTMLHeadingElement>(null);

  const lookUp = async (userCode: string) => {
    setBusy(true);
    try {
      const found = await api('POST', '/v1/me/device-authorizations/lookup', { body: { userCode } });
      setRequest(found);
      setError(null);
    } catch (e) {
      setRequest(null);
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (prefilled.current) void lookUp(prefilled.current);
  }, []);
  useEffect(() => {
    if (request) detailsHeading.current?.focus();
  }, [request]);

  const submitCode = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void lookUp(textField(e.currentTarget, 'userCode'));
  };

  const decide = async (form: HTMLFormElement, approve: boolean) => {
    if (!request) return;
    const organizationId = textField(form, 'into');
    setBusy(true);
    try {
      const userCode = request.userCode;
      const done = approve
        ? await api('POST', '/v1/me/device-authorizations/approve', {
            body: organizationId ? { userCode, organizationId } : { userCode },
          })
        : await api('POST', '/v1/me/device-authorizations/deny', { body: { userCode } });
      setOutcome({ status: done.status, device: request.deviceName ?? t('deviceFlow.notGiven') });
      setRequest(null);
      setError(null);
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setOutcome(null);
    setError(null);
    prefilled.current = '';
    history.replaceState(null, '', '/device');
  };

  return (
    <>
      <PageTitle>{t('deviceFlow.title')}</PageTitle>
      <p role="status" className={outcome ? 'notice' : 'visually-hidden'}>
        {outcome &&
          (outcome.status === 'approved'
            ? t('deviceFlow.approved', { device: outcome.device })
            : t('deviceFlow.denied'))}
      </p>
      {error && (
        <p className="error" role="alert">
          {t(`deviceFlow.errors.${error}`, { defaultValue: t('errors.generic') })}
        </p>
      )}
      {outcome ? (
        <p>
          <button type="button" onClick={again}>
            {t('deviceFlow.anotherDevice')}
          </button>
        </p>
      ) : request ? (
        <section className="card" aria-labelledby="device-flow-asks">
          <h2 id="device-flow-asks" ref={detailsHeading} tabIndex={-1}>
            {t('deviceFlow.asks')}
          </h2>
          <dl className="facts">
            <dt>{t('deviceFlow.code')}</dt>
            <dd className="code">{request.userCode}</dd>
            <dt>{t('deviceFlow.name')}</dt>
            <dd>{request.deviceName ?? t('deviceFlow.notGiven')}</dd>
            <dt>{t('deviceFlow.platform')}</dt>
            <dd>{request.platform ?? t('deviceFlow.notGiven')}</dd>
          </dl>
          <p className="meta">{t('deviceFlow.expires', { time: formatDate(request.expiresAt, true) })}</p>
          <p>{t('deviceFlow.warning')}</p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void decide(e.currentTarget, true);
            }}
          >
            {request.organizations.length > 0 && (
              <fieldset className="device-flow-into">
                <legend>{t('deviceFlow.into')}</legend>
                <label>
                  <input type="radio" name="into" value="" defaultChecked /> {t('deviceFlow.myAccount')}
                </label>
                {request.organizations.map((o) => (
                  <label key={o.id}>
                    <input type="radio" name="into" value={o.id} />{' '}
                    {t('deviceFlow.organization', { name: o.name })}
                  </label>
                ))}
              </fieldset>
            )}
            <p className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t('deviceFlow.approve')}
              </button>{' '}
              <button
                type="button"
                disabled={busy}
                onClick={(e) => void decide(e.currentTarget.form!, false)}
              >
                {t('deviceFlow.deny')}
              </button>
            </p>
          </form>
        </section>
      ) : (
        <form className="inline" onSubmit={submitCode}>
          <p>{t('deviceFlow.intro')}</p>
          <label>
            {t('deviceFlow.code')}
            <input
              name="userCode"
              defaultValue={prefilled.current}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              required
              maxLength={20}
              aria-describedby="device-flow-code-hint"
              aria-invalid={error === 'VALIDATION_FAILED' || error === 'NOT_FOUND' ? true : undefined}
            />
          </label>
          <small id="device-flow-code-hint" className="hint">
            {t('deviceFlow.codeHint')}
          </small>
          <button type="submit" className="primary" disabled={busy}>
            {t('deviceFlow.continue')}
          </button>
        </form>
      )}
    </>
  );
}
