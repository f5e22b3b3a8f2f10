import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, textField } from '../api.ts';
import { ErrorText } from '../components/Support.tsx';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'in' | 'up'>('in');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const field = (name: string) => textField(form, name);
    setBusy(true);
    setError(null);
    try {
      if (mode === 'in')
        await api('POST', '/v1/auth/sign-in', { email: field('email'), password: field('password') });
      else
        await api('POST', '/v1/auth/sign-up', {
          email: field('email'),
          password: field('password'),
          name: field('name'),
          country: field('country').toUpperCase(),
          language: i18n.language === 'da' ? 'da' : 'en',
        });
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.code : 'generic');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="auth-title">
      <h1 id="auth-title">{mode === 'in' ? t('auth.signIn') : t('auth.signUp')}</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('auth.email')}
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          {t('auth.password')}
          <input
            name="password"
            type="password"
            autoComplete={mode === 'in' ? 'current-password' : 'new-password'}
            minLength={mode === 'up' ? 10 : undefined}
            aria-describedby={mode === 'up' ? 'password-hint' : undefined}
            required
          />
        </label>
        {mode === 'up' && (
          <>
            <small id="password-hint">{t('auth.passwordHint')}</small>
            <label>
              {t('auth.name')}
              <input name="name" autoComplete="name" required />
            </label>
            <label>
              {t('auth.country')}
              <input
                name="country"
                autoComplete="country"
                pattern="[A-Za-z]{2}"
                maxLength={2}
                required
                defaultValue="DK"
              />
            </label>
          </>
        )}
        <ErrorText code={error} />
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'in' ? t('auth.signIn') : t('auth.signUp')}
        </button>
      </form>
      <button type="button" className="link" onClick={() => setMode(mode === 'in' ? 'up' : 'in')}>
        {mode === 'in' ? t('auth.noAccount') : t('auth.haveAccount')}
      </button>
    </section>
  );
}
