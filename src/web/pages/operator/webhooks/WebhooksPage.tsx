import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../../api.ts';
import { AppLink } from '../../../components/AppLink.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { RelativeTime } from '../../../components/RelativeTime.tsx';
import { useReload } from '../../../reload.ts';
import '../../../styles/webhooks.css';
import { Notice, StaffError } from '../StaffAction.tsx';
import type { MadeEndpoint } from './AddEndpoint.tsx';
import { AddEndpoint } from './AddEndpoint.tsx';
import { EndpointEvents } from './EventName.tsx';
import { SecretOnce } from './SecretOnce.tsx';
import type { Endpoint } from './webhooks.ts';
import { clearFlash, endpointPath, peekFlash } from './webhooks.ts';

/** /operator/webhooks: the endpoints, and a form to add one; a new endpoint's secret is shown once. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<MadeEndpoint | null>(null);
  const [notice] = useState(peekFlash);
  useEffect(clearFlash, []);
  const reload = useReload(
    useCallback(
      () =>
        api('GET', '/v1/staff/webhook-endpoints').then(
          (r) => setEndpoints(r.endpoints),
          (e) => setError(errorCode(e)),
        ),
      [],
    ),
  );
  return (
    <div className="webhooks">
      <PageTitle>{t('webhooks.title')}</PageTitle>
      {error ? (
        <StaffError code={error} />
      ) : (
        <>
          <p>{t('webhooks.intro')}</p>
          <Notice message={notice} />
          {made && (
            <SecretOnce
              secret={made.secret}
              note={made.url}
              focusAfter="webhook-endpoints"
              onDone={() => setMade(null)}
            />
          )}
          <section aria-labelledby="webhook-endpoints">
            <h2 id="webhook-endpoints" tabIndex={-1}>
              {t('webhooks.endpoints')}
            </h2>
            {!endpoints ? (
              <p className="meta">{t('webhooks.loading')}</p>
            ) : endpoints.length === 0 ? (
              <p className="meta">{t('webhooks.none')}</p>
            ) : (
              <ul className="plain endpoint-list">
                {endpoints.map((e) => (
                  <EndpointCard key={e.id} endpoint={e} />
                ))}
              </ul>
            )}
          </section>
          <AddEndpoint
            onMade={(m) => {
              setMade(m);
              reload();
            }}
          />
        </>
      )}
    </div>
  );
}

function EndpointCard({ endpoint: e }: { endpoint: Endpoint }) {
  const { t } = useTranslation();
  return (
    <li className="card">
      <h3 className="endpoint-url">
        <AppLink to={endpointPath(e.id)}>{e.url}</AppLink>
      </h3>
      {e.description && <p>{e.description}</p>}
      <p>
        <EndpointState endpoint={e} />
      </p>
      <EndpointEvents events={e.events} />
      <p className="meta">
        <RelativeTime iso={e.createdAt} words={(date) => t('webhooks.added', { date })} />
        {' · '}
        {e.lastSuccessAt ? (
          <RelativeTime iso={e.lastSuccessAt} words={(date) => t('webhooks.lastSuccess', { date })} />
        ) : (
          t('webhooks.neverDelivered')
        )}
      </p>
    </li>
  );
}

/** Enabled, or disabled and why: by an administrator, or automatically after three days of failures. */
export function EndpointState({ endpoint: e }: { endpoint: Endpoint }) {
  const { t } = useTranslation();
  if (e.enabled) return <span className="badge badge-active">{t('webhooks.state.enabled')}</span>;
  const why = e.disabledReason === 'failing' ? 'failing' : 'operator';
  return (
    <span className="badge badge-blocked">
      {t(`webhooks.state.${why}`)}
      {e.disabledAt && (
        <>
          {' · '}
          <RelativeTime iso={e.disabledAt} />
        </>
      )}
    </span>
  );
}
