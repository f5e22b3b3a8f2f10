import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { AppLink } from '../../components/AppLink.tsx';
import '../../styles/console.css';
import { AcceptInvitation } from './AcceptInvitation.tsx';
import { Audit } from './Audit.tsx';
import { EnrollmentKeys } from './EnrollmentKeys.tsx';
import { Members } from './Members.tsx';
import type { Org } from './organization.ts';
import { isTab, TABS } from './organization.ts';
import { OrgDevices } from './OrgDevices.tsx';
import { OrgSubscription } from './OrgSubscription.tsx';
import { OrgSubscriptions } from './OrgSubscriptions.tsx';

/** The administration console: /console, /console/{org}/{tab}[/{subscription}], /console/invitations/{token}. */
export function Console({ path }: { path: string }) {
  const { t } = useTranslation();
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const parts = path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const load = useCallback(() => {
    api('GET', '/v1/console/organizations').then(
      (r) => setOrgs(r.organizations),
      () => setOrgs([]),
    );
  }, []);
  useEffect(load, [load]);

  if (parts[0] === 'invitations' && parts[1]) return <AcceptInvitation token={parts[1]} onAccepted={load} />;
  if (orgs === null) return <p>{t('app.loading')}</p>;
  const org = orgs.find((o) => o.id === parts[0]) ?? (parts[0] ? undefined : orgs[0]);
  if (!org)
    return (
      <>
        <h1>{t('console.title')}</h1>
        <p>{t('console.none')}</p>
      </>
    );
  const tab = isTab(parts[1]) ? parts[1] : 'subscriptions';
  return (
    <>
      <h1>
        {org.name} <small className="meta">· {t(`console.role.${org.role}`)}</small>
      </h1>
      {orgs.length > 1 && (
        <nav aria-label={t('console.title')}>
          {orgs.map((o) => (
            <AppLink key={o.id} to={`/console/${o.id}`} current={o.id === org.id}>
              {o.name}
            </AppLink>
          ))}
        </nav>
      )}
      {org.role !== 'admin' && <p className="hint">{t('console.memberNote')}</p>}
      <nav aria-label={t('console.title')}>
        <ul className="tabs sub">
          {TABS.filter((name) => name !== 'enrollment-keys' || org.role === 'admin').map((name) => (
            <li key={name}>
              <AppLink to={`/console/${org.id}/${name}`} current={tab === name}>
                {t(`console.tabs.${name}`)}
              </AppLink>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'subscriptions' &&
        (parts[2] ? <OrgSubscription org={org} id={parts[2]} /> : <OrgSubscriptions org={org} />)}
      {tab === 'devices' && <OrgDevices org={org} />}
      {tab === 'members' && <Members org={org} />}
      {tab === 'audit' && <Audit org={org} />}
      {tab === 'enrollment-keys' && <EnrollmentKeys org={org} />}
    </>
  );
}
