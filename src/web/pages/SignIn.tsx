import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, textField } from '../api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { ErrorText } from '../components/Support.tsx';
import { browserCountry, countries, isLanguage } from '../i18n.ts';

type Field = 'email' | 'password' | 'name' | 'country';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'in' | 'up'>('in');
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<Field | null>(null);
  const [busy, setBusy] = useState(false);
  // The country names follow the language; the list is built only for the sign-up form.
  const countryList = useMemo(() => (mode === 'up' ? countries(i18n.language) : []), [mode, i18n.language]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const field = (name: Field) => textField(form, name);
    setBusy(true);
    setError(null);
    setInvalid(null);
    try {
      if (mode === 'in')
        await api('POST', '/v1/auth/sign-in', {
          body: { email: field('email'), password: field('password') },
        });
      else
        await api('POST', '/v1/auth/sign-up', {
          body: {
            email: field('email'),
            password: field('password'),
            name: field('name'),
            country: field('country'),
            language: isLanguage(i18n.language) ? i18n.language : 'en',
          },
        });
      onSignedIn();
    } catch (err) {
      // A field the server names (its JSON pointer) is marked and named in the message.
      const pointer = err instanceof ApiError ? err.problem.pointer?.slice(1) : undefined;
      const named = (['email', 'password', 'name', 'country'] as const).find((f) => f === pointer);
      setInvalid(named ?? null);
      setError(named ? 'field' : err instanceof ApiError ? err.problem.code : 'generic');
    } finally {
      setBusy(false);
    }
  };

  const invalidProps = (name: Field) =>
    invalid === name ? { 'aria-invalid': true, 'aria-errormessage': 'auth-error' } : {};
  const labels: Record<Field, string> = {
    email: t('auth.email'),
    password: t('auth.password'),
    name: t('auth.name'),
    country: t('auth.country'),
  };

  return (
    <section className="card narrow" aria-labelledby="auth-title">
      <PageTitle id="auth-title">{mode === 'in' ? t('auth.signIn') : t('auth.signUp')}</PageTitle>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="auth-title">
        <label>
          {labels.email}
          <input name="email" type="email" autoComplete="email" required {...invalidProps('email')} />
        </label>
        <label>
          {labels.password}
          <input
            name="password"
            type="password"
            autoComplete={mode === 'in' ? 'current-password' : 'new-password'}
            minLength={mode === 'up' ? 10 : undefined}
            aria-describedby={mode === 'up' ? 'password-hint' : undefined}
            required
            {...invalidProps('password')}
          />
        </label>
        {mode === 'up' && (
          <>
            <small id="password-hint">{t('auth.passwordHint')}</small>
            <label>
              {labels.name}
              <input name="name" autoComplete="name" required maxLength={100} {...invalidProps('name')} />
            </label>
            <label>
              {labels.country}
              <select
                name="country"
                autoComplete="country"
                required
                defaultValue={browserCountry()}
                {...invalidProps('country')}
              >
                <option value="">{t('auth.chooseCountry')}</option>
                {countryList.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <div id="auth-error">
          {error === 'field' && invalid ? (
            <p className="error" role="alert">
              {t('auth.checkField', { field: labels[invalid] })}
            </p>
          ) : (
            <ErrorText code={error} />
          )}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'in' ? t('auth.signIn') : t('auth.signUp')}
        </button>
      </form>
      <button
        type="button"
        className="link"
        onClick={() => {
          setMode(mode === 'in' ? 'up' : 'in');
          setError(null);
          setInvalid(null);
        }}
      >
        {mode === 'in' ? t('auth.noAccount') : t('auth.haveAccount')}
      </button>
    </section>
  );
}
