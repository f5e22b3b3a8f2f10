import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, textField } from '../api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { ErrorText } from '../components/Support.tsx';
import { browserCountry, countries, isLanguage } from '../i18n.ts';
import { navigate } from '../router.ts';
import { PasswordField } from './account/PasswordField.tsx';
import { TwoFactorStep } from './account/TwoFactorStep.tsx';

type Field = 'email' | 'password' | 'name' | 'country';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'in' | 'up' | 'twoFactor'>('in');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<Field | null>(null);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[]>([]);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  // A language picked on this page (it differs from the one the page opened in) becomes the account's.
  const openedIn = useRef(i18n.language);

  useEffect(() => {
    if (mode !== 'up' || codes.length > 0) return;
    api('GET', '/v1/auth/countries').then(
      (r) => setCodes(r.countries),
      () => setError('network'),
    );
  }, [mode, codes.length]);
  // The country names follow the language.
  const countryList = useMemo(() => countries(codes, i18n.language), [codes, i18n.language]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const field = (name: Field) => textField(form, name);
    const language = isLanguage(i18n.language) ? i18n.language : 'en';
    setBusy(true);
    setError(null);
    setInvalid(null);
    try {
      if (mode === 'in') {
        const chosen = language !== openedIn.current ? { language } : {};
        const r = await api('POST', '/v1/auth/sign-in', {
          body: { email: field('email'), password: field('password'), ...chosen },
        });
        if ('twoFactorRequired' in r) setMode('twoFactor');
        else onSignedIn();
      } else {
        await api('POST', '/v1/auth/sign-up', {
          body: {
            email: field('email'),
            password: field('password'),
            name: field('name'),
            country: field('country'),
            language,
          },
        });
        setSentTo(field('email'));
      }
    } catch (err) {
      // A field the server names (its JSON pointer) is marked and named in the message.
      const pointer = err instanceof ApiError ? err.problem.pointer?.slice(1) : undefined;
      const named = (['email', 'password', 'name', 'country'] as const).find((f) => f === pointer);
      setInvalid(named ?? null);
      const code = err instanceof ApiError ? err.problem.code : 'generic';
      setError(named && code !== 'PASSWORD_TOO_WEAK' ? 'field' : code);
    } finally {
      setBusy(false);
    }
  };

  if (mode === 'twoFactor') return <TwoFactorStep onSignedIn={onSignedIn} />;
  if (sentTo)
    return (
      <section className="card narrow" aria-labelledby="auth-title">
        <PageTitle id="auth-title">{t('accounts.checkMail')}</PageTitle>
        <p role="status">{t('accounts.signedUp', { email: sentTo })}</p>
        <button
          type="button"
          className="link"
          onClick={() => {
            setSentTo(null);
            setMode('in');
          }}
        >
          {t('accounts.backToSignIn')}
        </button>
      </section>
    );

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
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            onChange={(e) => setEmail(e.target.value)}
            {...invalidProps('email')}
          />
        </label>
        {mode === 'in' ? (
          <label>
            {labels.password}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              {...invalidProps('password')}
            />
          </label>
        ) : (
          <>
            <PasswordField
              name="password"
              label={labels.password}
              email={email}
              personName={name}
              invalid={invalid === 'password'}
            />
            <label>
              {labels.name}
              <input
                name="name"
                autoComplete="name"
                required
                maxLength={100}
                onChange={(e) => setName(e.target.value)}
                {...invalidProps('name')}
              />
            </label>
            <label>
              {labels.country}
              <select
                name="country"
                autoComplete="country"
                required
                defaultValue={browserCountry()}
                key={codes.length}
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
        <div id="auth-error" aria-live="polite">
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
      {mode === 'in' && (
        <p>
          <a
            href="/forgot-password"
            onClick={(e) => {
              e.preventDefault();
              navigate('/forgot-password');
            }}
          >
            {t('accounts.forgot')}
          </a>
        </p>
      )}
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
