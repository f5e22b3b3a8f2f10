import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode, textField } from '../../api.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ErrorText } from '../../components/Support.tsx';

/** "Forgot your password": the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const email = textField(e.currentTarget, 'email');
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/auth/password-reset', { body: { email } });
      setSentTo(email);
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="forgot-title">
      <PageTitle id="forgot-title">{t('accounts.reset.requestTitle')}</PageTitle>
      {sentTo ? (
        <p role="status">{t('accounts.reset.sent', { email: sentTo })}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-labelledby="forgot-title">
          <p id="forgot-hint">{t('accounts.reset.requestHint')}</p>
          <label>
            {t('auth.email')}
            <input name="email" type="email" autoComplete="email" required aria-describedby="forgot-hint" />
          </label>
          <ErrorText code={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('accounts.reset.send')}
          </button>
        </form>
      )}
      <p>
        <a href="/">{t('accounts.backToSignIn')}</a>
      </p>
    </section>
  );
}
