import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode, textField } from '../../api.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ErrorText } from '../../components/Support.tsx';

/** The second step of a sign-in with two-step verification on: a code from the app, or a recovery code. */
export function TwoFactorStep({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const code = textField(e.currentTarget, 'code').trim();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/auth/two-factor/verify', { body: { code } });
      onSignedIn();
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="two-factor-title">
      <PageTitle id="two-factor-title">{t('accounts.twoFactor.title')}</PageTitle>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="two-factor-title">
        <p id="two-factor-prompt">{t('accounts.twoFactor.prompt')}</p>
        <label>
          {t('accounts.twoFactor.code')}
          <input
            name="code"
            autoComplete="one-time-code"
            inputMode="text"
            required
            minLength={6}
            maxLength={40}
            aria-describedby="two-factor-prompt"
            {...(error ? { 'aria-invalid': true, 'aria-errormessage': 'two-factor-error' } : {})}
          />
        </label>
        <div id="two-factor-error">
          <ErrorText code={error} />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('accounts.twoFactor.verify')}
        </button>
      </form>
    </section>
  );
}
