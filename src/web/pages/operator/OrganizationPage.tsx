import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../api.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDate } from '../../i18n.ts';
import { useReload } from '../../reload.ts';
import { Notice, StaffAction, StaffError } from './StaffAction.tsx';
import { StaffAudit } from './StaffAudit.tsx';
import type { StaffOrganization, StaffSelf } from './staff.ts';
import { customerPath } from './staff.ts';

/** An organization for support: members, open invitations, subscriptions, its audit log; add an admin. */
export function OrganizationPage({ id, staff }: { id: string; staff: StaffSelf }) {
  const { t } = useTranslation();
  const [org, setOrg] = useState<StaffOrganization | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = useReload(
    useCallback(
      () =>
        api('GET', '/v1/staff/organizations/{id}', { params: { id } }).then(setOrg, (e) =>
          setError(errorCode(e)),
        ),
      [id],
    ),
  );
  if (error) return <StaffError code={error} />;
  if (!org) return <p>{t('operator.loading')}</p>;
  const changed = (message: string) => {
    setNotice(message);
    reload();
  };
  return (
    <>
      <PageTitle>{org.name}</PageTitle>
      <p className="meta">{t('operator.organization.devices', { count: org.devices })}</p>
      <Notice message={notice} />
      <section aria-labelledby="members">
        <h2 id="members">{t('operator.organization.members')}</h2>
        {org.members.length === 0 && <p className="meta">{t('operator.organization.noMembers')}</p>}
        <ul>
          {org.members.map((m) => (
            <li key={m.accountId}>
              <AppLink to={customerPath(m.accountId)}>{m.name}</AppLink>{' '}
              <span className="meta">
                · {m.email} · {t(`operator.organization.orgRole.${m.role}`)}
              </span>
            </li>
          ))}
        </ul>
        <StaffAction
          staff={staff}
          action="organization.add_admin"
          target={org.name}
          email="required"
          onDone={changed}
          run={async ({ reason, email }) =>
            (
              await api('POST', '/v1/staff/organizations/{id}/admins', {
                params: { id },
                body: { email: email ?? '', reason },
              })
            ).email
          }
        />
      </section>
      <section aria-labelledby="invitations">
        <h2 id="invitations">{t('operator.organization.invitations')}</h2>
        {org.invitations.length === 0 && <p className="meta">{t('operator.organization.noInvitations')}</p>}
        <ul className="cards">
          {org.invitations.map((i) => (
            <li key={i.id} className="card">
              <h3>{i.email}</h3>
              <p className="meta">
                {t('operator.organization.invitedAs', {
                  role: t(`operator.organization.orgRole.${i.role}`),
                  date: formatDate(i.expiresAt, true),
                })}
              </p>
              <StaffAction
                staff={staff}
                action="invitation.resend"
                target={i.email}
                onDone={changed}
                run={async ({ reason }) =>
                  (
                    await api('POST', '/v1/staff/organizations/{org}/invitations/{id}/resend', {
                      params: { org: id, id: i.id },
                      body: { reason },
                    })
                  ).email
                }
              />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="org-subscriptions">
        <h2 id="org-subscriptions">{t('operator.customer.subscriptions')}</h2>
        <ul>
          {org.subscriptions.map((s) => (
            <li key={s.id}>
              {s.product.name} · {t(`subscriptions.state.${s.expired ? 'expired' : s.state}`)} ·{' '}
              {t('operator.customer.seats', { used: s.seats.used, total: s.seats.total })}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="org-audit">
        <h2 id="org-audit">{t('operator.organization.audit')}</h2>
        <ul className="timeline">
          {org.audit.map((e) => (
            <li key={e.id}>
              {formatDate(e.at, true)} · {e.actor ?? '–'}: {e.action}
            </li>
          ))}
        </ul>
      </section>
      <StaffAudit entries={org.staffAudit} />
    </>
  );
}
