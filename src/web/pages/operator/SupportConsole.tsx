import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../api.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import '../../styles/operator.css';
import { Catalog } from './catalog/Catalog.tsx';
import { CustomerPage } from './CustomerPage.tsx';
import { OrganizationPage } from './OrganizationPage.tsx';
import { Search } from './Search.tsx';
import { StaffError } from './StaffAction.tsx';
import type { StaffSelf } from './staff.ts';
import { WebhookPage } from './webhooks/WebhookPage.tsx';
import { WebhooksPage } from './webhooks/WebhooksPage.tsx';

/**
 * The vendor's support console: /operator (search), /operator/customers/{id},
 * /operator/organizations/{id}; for admins also /operator/products[/{id}] and
 * /operator/webhooks[/{id}]. Signed in at the portal; open only to staff with two-step
 * verification on, which the server decides (`/v1/staff/me`).
 */
export function SupportConsole({ path }: { path: string }) {
  const { t } = useTranslation();
  const [staff, setStaff] = useState<StaffSelf | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    api('GET', '/v1/staff/me').then(setStaff, (e) => setRefused(errorCode(e)));
  }, []);

  if (refused === 'FORBIDDEN' || refused === 'STAFF_TWO_FACTOR_REQUIRED')
    return (
      <>
        <PageTitle>{t('operator.title')}</PageTitle>
        <p role="alert" className="error">
          {refused === 'FORBIDDEN' ? t('operator.notStaff') : t('operator.needTwoFactor')}
        </p>
        {refused === 'STAFF_TWO_FACTOR_REQUIRED' && (
          <p>
            <AppLink to="/account">{t('operator.openAccount')}</AppLink>
          </p>
        )}
      </>
    );
  if (refused) return <StaffError code={refused} />;
  if (!staff) return <p>{t('operator.loading')}</p>;

  const [, , kind, id] = path.split('/').map(decodeURIComponent);
  return (
    <div className="operator">
      <p className="meta">
        {t('operator.signedInAs', { email: staff.email, role: t(`operator.role.${staff.role}`) })}
        {kind && (
          <>
            {' · '}
            <AppLink to="/operator">{t('operator.back')}</AppLink>
          </>
        )}
        {staff.role === 'admin' && (
          <>
            {' · '}
            <AppLink to="/operator/products" current={kind === 'products' && !id}>
              {t('catalog.link')}
            </AppLink>
          </>
        )}
        {staff.role === 'admin' && (
          <>
            {' · '}
            <AppLink to="/operator/webhooks" current={kind === 'webhooks' && !id}>
              {t('webhooks.link')}
            </AppLink>
          </>
        )}
      </p>
      {kind === 'customers' && id ? (
        <CustomerPage key={id} id={id} staff={staff} />
      ) : kind === 'organizations' && id ? (
        <OrganizationPage key={id} id={id} staff={staff} />
      ) : kind === 'products' ? (
        <Catalog id={id} />
      ) : kind === 'webhooks' ? (
        id ? (
          <WebhookPage key={id} id={id} />
        ) : (
          <WebhooksPage />
        )
      ) : (
        <Search />
      )}
    </div>
  );
}
