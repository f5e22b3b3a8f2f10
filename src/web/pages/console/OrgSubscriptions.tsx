import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Subscription } from '../../api.ts';
import { api, href, isFinal } from '../../api.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { Seats } from '../../components/Seats.tsx';
import { formatDate } from '../../i18n.ts';
import { useLiveDeliveries } from '../../live.ts';
import type { Org } from './organization.ts';

/** The organization's subscriptions, with their seats kept current as deliveries finish. */
export function OrgSubscriptions({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const load = useCallback(() => {
    api('GET', '/v1/console/organizations/{org}/subscriptions', { params: { org: org.id } }).then(
      (r) => setSubs(r.subscriptions),
      () => setSubs([]),
    );
  }, [org.id]);
  useEffect(load, [load]);
  useLiveDeliveries(
    href('/v1/console/organizations/{org}/events', { params: { org: org.id } }),
    (d) => {
      if (isFinal(d.status)) load();
    },
    load,
  );

  if (!subs) return <p>{t('app.loading')}</p>;
  return (
    <ul className="cards">
      {subs.map((s) => (
        <li key={s.id} className="card">
          <h2>
            <AppLink to={`/console/${org.id}/subscriptions/${s.id}`}>{s.product.name}</AppLink>
          </h2>
          <p>
            <Seats subscription={s} /> · {t('subscriptions.expires', { date: formatDate(s.expiresAt) })}
          </p>
        </li>
      ))}
    </ul>
  );
}
