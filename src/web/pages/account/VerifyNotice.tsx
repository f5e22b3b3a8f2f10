import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../api.ts';
import { api, errorCode } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';

/** What an unverified account cannot do yet, and "send the email again" (limited on the server). */
export function VerifyNotice({ account }: { account: Account }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (account.emailVerified) return null;

  const resend = async () => {
    setError(null);
    try {
      await api('POST', '/v1/me/verification-email');
      setSent(true);
    } catch (err) {
      setError(errorCode(err));
    }
  };

  return (
    <aside className="card notice" aria-label={t('accounts.verify.title')}>
      <p>{t('accounts.verify.pending', { email: account.email })}</p>
      <div aria-live="polite">
        {sent ? (
          <p className="ok">{t('accounts.verify.resent')}</p>
        ) : (
          <button type="button" onClick={() => void resend()}>
            {t('accounts.verify.resend')}
          </button>
        )}
        <ErrorText code={error} />
      </div>
    </aside>
  );
}
