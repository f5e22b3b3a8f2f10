import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api.ts';
import { api, errorCode } from '../../api.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDate } from '../../i18n.ts';
import { useReload } from '../../reload.ts';
import { Deliveries, Devices, Subscriptions } from './CustomerSections.tsx';
import { Notice, StaffError } from './StaffAction.tsx';
import { StaffAudit } from './StaffAudit.tsx';
import type { Customer, StaffSelf } from './staff.ts';
import { organizationPath } from './staff.ts';

type Reference = Answer<'GET', '/v1/staff/references/{ref}'>;

/** One customer: their account, organizations, subscriptions, devices, deliveries and what staff did. */
export function CustomerPage({ id, staff }: { id: string; staff: StaffSelf }) {
  const { t } = useTranslation();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [reference, setReference] = useState<Reference | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = useReload(
    useCallback(
      () =>
        api('GET', '/v1/staff/customers/{id}', { params: { id } }).then(setCustomer, (e) =>
          setError(errorCode(e)),
        ),
      [id],
    ),
  );
  // Opened from a reference: say what it stands for above the customer.
  useEffect(() => {
    const ref = new URLSearchParams(location.search).get('ref');
    if (ref)
      api('GET', '/v1/staff/references/{ref}', { params: { ref } }).then(setReference, () =>
        setReference(null),
      );
  }, []);

  if (error) return <StaffError code={error} />;
  if (!customer) return <p>{t('operator.loading')}</p>;
  const { account } = customer;
  const changed = (message: string) => {
    setNotice(message);
    reload();
  };
  return (
    <>
      <PageTitle>{account.name}</PageTitle>
      <p className="meta">
        {account.email} · {t('operator.customer.since', { date: formatDate(account.createdAt) })}
        {!account.emailVerified && <> · {t('operator.customer.unverified')}</>}
      </p>
      <Notice message={notice} />
      {reference && (
        <div className="card reference">
          <p>
            {t('operator.reference', {
              ref: reference.reference,
              date: formatDate(reference.createdAt, true),
            })}
          </p>
          {reference.reasons.length > 0 && (
            <p className="meta">
              {t('operator.referenceReasons', {
                reasons: reference.reasons.map((r) => t(`reasons.${r}`, { defaultValue: r })).join(' '),
              })}
            </p>
          )}
        </div>
      )}
      {customer.organizations.length > 0 && (
        <section aria-labelledby="orgs">
          <h2 id="orgs">{t('operator.customer.organizations')}</h2>
          <ul>
            {customer.organizations.map((o) => (
              <li key={o.id}>
                <AppLink to={organizationPath(o.id)}>{o.name}</AppLink>{' '}
                <span className="meta">· {t(`operator.organization.orgRole.${o.role}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Subscriptions customer={customer} staff={staff} onChanged={changed} />
      <Devices customer={customer} staff={staff} onChanged={changed} />
      <Deliveries customer={customer} />
      <StaffAudit entries={customer.audit} />
    </>
  );
}
