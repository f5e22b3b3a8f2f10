import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../../api.ts';
import { RelativeTime } from '../../../components/RelativeTime.tsx';
import { StaffError } from '../StaffAction.tsx';
import { EventName } from './EventName.tsx';
import type { Attempt } from './webhooks.ts';

/**
 * An endpoint's attempt log, newest first: what was sent, when, the HTTP status and latency, which
 * attempt it was and when the next one is due; a failed attempt's event can be sent again now.
 */
export function AttemptLog({
  endpointId,
  attempts,
  onRefresh,
  onRetried,
}: {
  endpointId: string;
  attempts: Attempt[] | null;
  onRefresh: () => void;
  onRetried: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const retry = async (a: Attempt) => {
    setError(null);
    setBusy(a.id);
    try {
      await api('POST', '/v1/staff/webhook-endpoints/{id}/deliveries/{attempt}/retry', {
        params: { id: endpointId, attempt: a.id },
      });
      onRetried(t('webhooks.detail.retried'));
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="attempt-log">
      <h2 id="attempt-log">{t('webhooks.detail.attempts')}</h2>
      <p className="meta">{t('webhooks.detail.attemptsIntro')}</p>
      <p className="actions">
        <button type="button" onClick={onRefresh}>
          {t('webhooks.detail.refresh')}
        </button>
      </p>
      <StaffError code={error} />
      {attempts && attempts.length === 0 && <p className="meta">{t('webhooks.detail.noAttempts')}</p>}
      <ul className="plain attempts">
        {attempts?.map((a) => (
          <li key={a.id} className={`card attempt attempt-${a.status}`}>
            <h3>
              <EventName type={a.type} />
            </h3>
            <dl className="facts">
              <dt>{t('webhooks.detail.time')}</dt>
              <dd>
                <RelativeTime iso={a.startedAt} />
              </dd>
              <dt>{t('webhooks.detail.status')}</dt>
              <dd className={a.status === 'succeeded' ? 'ok' : 'error'}>
                {a.responseStatus ?? t('webhooks.detail.noAnswer')} · {t(`webhooks.detail.${a.status}`)}
              </dd>
              <dt>{t('webhooks.detail.latency')}</dt>
              <dd>{t('webhooks.detail.milliseconds', { ms: a.latencyMs })}</dd>
              <dt>{t('webhooks.detail.attempt')}</dt>
              <dd>
                {a.attempt} ·{' '}
                {t(`webhooks.detail.messageState.${a.messageState as Attempt['status'] | 'pending'}`)}
              </dd>
              <dt>{t('webhooks.detail.nextRetry')}</dt>
              <dd>
                {a.nextAttemptAt ? <RelativeTime iso={a.nextAttemptAt} /> : t('webhooks.detail.noRetry')}
              </dd>
            </dl>
            {a.error && <p className="meta attempt-error">{a.error}</p>}
            {a.status === 'failed' && (
              <p className="actions">
                <button type="button" disabled={busy === a.id} onClick={() => void retry(a)}>
                  {t('webhooks.detail.retry')}
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
