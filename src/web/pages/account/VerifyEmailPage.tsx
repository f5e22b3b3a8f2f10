import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../api.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ErrorText } from '../../components/Support.tsx';

/** The verification email's link opens this page; it proves the address with the link's token. */
export function VerifyEmailPage({ onVerified }: { onVerified?: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<string>('working');

  useEffect(() => {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    api('POST', '/v1/auth/verify-email', { body: { token } }).then(
      () => {
        setState('done');
        onVerified?.();
      },
      (e: unknown) => setState(errorCode(e)),
    );
  }, [onVerified]);

  return (
    <section className="card narrow" aria-labelledby="verify-title">
      <PageTitle id="verify-title">{t('accounts.verify.title')}</PageTitle>
      <div aria-live="polite">
        {state === 'working' ? (
          <p>{t('accounts.verify.working')}</p>
        ) : state === 'done' ? (
          <p className="ok">{t('accounts.verify.done')}</p>
        ) : state === 'LINK_EXPIRED' || state === 'LINK_INVALID' ? (
          <p className="error" role="alert">
            {t(`accounts.verify.${state}`)}
          </p>
        ) : (
          <ErrorText code={state} />
        )}
      </div>
      <p>
        <a href="/">{t('accounts.backToSignIn')}</a>
      </p>
    </section>
  );
}
