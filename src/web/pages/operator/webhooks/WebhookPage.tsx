import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../../api.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { RelativeTime } from '../../../components/RelativeTime.tsx';
import { formatDate } from '../../../i18n.ts';
import { useReload } from '../../../reload.ts';
import '../../../styles/webhooks.css';
import { Notice, StaffError } from '../StaffAction.tsx';
import { AttemptLog } from './AttemptLog.tsx';
import { EndpointActions } from './EndpointActions.tsx';
import { EndpointEvents } from './EventName.tsx';
import { SecretOnce } from './SecretOnce.tsx';
import { EndpointState } from './WebhooksPage.tsx';
import type { Attempt, Endpoint, MadeSecret } from './webhooks.ts';
import { webhooksPath } from './webhooks.ts';

/** /operator/webhooks/{id}: one endpoint, what can be done to it, and its attempt log. */
export function WebhookPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [endpoint, setEndpoint] = useState<Endpoint | null>(null);
  const [attempts, setAttempts] = useState<Attempt[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<MadeSecret | null>(null);
  const reload = useReload(
    useCallback(() => {
      const params = { params: { id } };
      return Promise.all([
        api('GET', '/v1/staff/webhook-endpoints/{id}', params),
        api('GET', '/v1/staff/webhook-endpoints/{id}/deliveries', params),
      ]).then(
        ([e, log]) => {
          setEndpoint(e);
          setAttempts(log.attempts);
        },
        (e) => setError(errorCode(e)),
      );
    }, [id]),
  );
  const changed = (message: string) => {
    setNotice(message);
    reload();
  };
  const back = (
    <p className="back">
      <AppLink to={webhooksPath}>{t('webhooks.detail.back')}</AppLink>
    </p>
  );
  if (error)
    return (
      <>
        {back}
        <StaffError code={error} />
      </>
    );
  if (!endpoint) return <p>{t('webhooks.loading')}</p>;
  return (
    <div className="webhooks">
      {back}
      <PageTitle>{endpoint.url}</PageTitle>
      {endpoint.description && <p>{endpoint.description}</p>}
      <p>
        <EndpointState endpoint={endpoint} />
      </p>
      <p className="meta">
        {t('webhooks.added', { date: formatDate(endpoint.createdAt, true) })}
        {' · '}
        {endpoint.lastSuccessAt ? (
          <RelativeTime iso={endpoint.lastSuccessAt} words={(date) => t('webhooks.lastSuccess', { date })} />
        ) : (
          t('webhooks.neverDelivered')
        )}
      </p>
      <section aria-labelledby="endpoint-events">
        <h2 id="endpoint-events">{t('webhooks.detail.events')}</h2>
        <EndpointEvents events={endpoint.events} open />
      </section>
      <Notice message={notice} />
      <EndpointActions
        endpoint={endpoint}
        onChanged={changed}
        onRotated={(made) => {
          setSecret(made);
          reload();
        }}
      />
      {/* After the actions, so that its heading takes the focus after the question closes. */}
      {secret && (
        <SecretOnce
          secret={secret.secret}
          focusAfter="endpoint-actions"
          note={
            secret.previousSecretValidUntil &&
            t('webhooks.rotate.done', { date: formatDate(secret.previousSecretValidUntil, true) })
          }
          onDone={() => setSecret(null)}
        />
      )}
      <AttemptLog endpointId={id} attempts={attempts} onRefresh={reload} onRetried={changed} />
    </div>
  );
}
