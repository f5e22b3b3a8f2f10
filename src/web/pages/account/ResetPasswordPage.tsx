import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, errorCode, textField } from '../../api.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ErrorText } from '../../components/Support.tsx';
import { PasswordField } from './PasswordField.tsx';

/** The reset email's link opens this page: a new password, once, within the hour. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<'form' | 'done' | 'LINK_EXPIRED' | 'LINK_INVALID'>('form');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A used, expired or tampered link says so at once, not after a new password was typed.
  useEffect(() => {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    api('POST', '/v1/auth/password-reset/check', { body: { token } }).catch((err: unknown) => {
      const code = err instanceof ApiError ? err.problem.code : null;
      if (code === 'LINK_EXPIRED' || code === 'LINK_INVALID') setState(code);
    });
  }, []);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = textField(e.currentTarget, 'password');
    const token = new URLSearchParams(location.search).get('token') ?? '';
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/auth/password-reset/confirm', { body: { token, password } });
      setState('done');
    } catch (err) {
      const code = err instanceof ApiError ? err.problem.code : errorCode(err);
      if (code === 'LINK_EXPIRED' || code === 'LINK_INVALID') setState(code);
      else setError(code);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="reset-title">
      <PageTitle id="reset-title">{t('accounts.reset.title')}</PageTitle>
      {state === 'done' ? (
        <p className="ok" role="status">
          {t('accounts.reset.done')}
        </p>
      ) : state !== 'form' ? (
        <>
          <p className="error" role="alert">
            {t(`accounts.reset.${state}`)}
          </p>
          <p>
            <a href="/forgot-password">{t('accounts.reset.again')}</a>
          </p>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-labelledby="reset-title">
          <PasswordField name="password" label={t('accounts.reset.newPassword')} invalid={!!error} />
          <div id="auth-error" aria-live="polite">
            <ErrorText code={error} />
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {t('accounts.reset.save')}
          </button>
        </form>
      )}
      <p>
        <a href="/">{t('accounts.backToSignIn')}</a>
      </p>
    </section>
  );
}
