import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from './api.ts';
import { api, SIGNED_OUT } from './api.ts';
import type { Language } from './i18n.ts';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage } from './i18n.ts';
import { navigate, usePath } from './router.ts';
import { SignIn } from './pages/SignIn.tsx';
import { SubscriptionsPage } from './pages/SubscriptionsPage.tsx';
import { SubscriptionPage } from './pages/SubscriptionPage.tsx';
import { DevicesPage } from './pages/DevicesPage.tsx';
import { MailboxPage } from './pages/MailboxPage.tsx';
import { AccountPage } from './pages/account/AccountPage.tsx';
import { ForgotPasswordPage } from './pages/account/ForgotPasswordPage.tsx';
import { ResetPasswordPage } from './pages/account/ResetPasswordPage.tsx';
import { VerifyEmailPage } from './pages/account/VerifyEmailPage.tsx';
import { VerifyNotice } from './pages/account/VerifyNotice.tsx';
import { Help } from './components/Help.tsx';
import { DeviceFlowPage } from './pages/DeviceFlowPage.tsx';
// The console is for business administrators only: loaded when first opened, not on every portal visit.
const Console = lazy(() => import('./pages/console/Console.tsx').then((m) => ({ default: m.Console })));
const SupportConsole = lazy(() =>
  import('./pages/operator/SupportConsole.tsx').then((m) => ({ default: m.SupportConsole })),
);

export function App() {
  const { t, i18n } = useTranslation();
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const path = usePath();

  const load = useCallback(() => {
    api('GET', '/v1/me').then(
      (a) => {
        setAccount(a);
        if (isLanguage(a.language)) setLanguage(a.language);
      },
      // Signed out, or the server cannot be reached: the sign-in page says what goes wrong next.
      () => setAccount(null),
    );
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    const signedOut = () => setAccount(null);
    addEventListener(SIGNED_OUT, signedOut);
    return () => removeEventListener(SIGNED_OUT, signedOut);
  }, []);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);

  const chooseLanguage = (lang: Language) => {
    setLanguage(lang);
    if (account) void api('PATCH', '/v1/me', { body: { language: lang } }).catch(() => {});
  };
  const signOut = async () => {
    await api('POST', '/v1/auth/sign-out').catch(() => {});
    setAccount(null);
    navigate('/');
  };

  const languagePicker = (
    <div className="language" role="group" aria-label={t('app.language')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={i18n.language === lang}
          onClick={() => chooseLanguage(lang)}
        >
          {LANGUAGE_NAMES[lang]}
        </button>
      ))}
    </div>
  );

  // The emailed links' pages work signed in or not.
  const linkPage =
    path === '/verify-email' ? (
      <VerifyEmailPage onVerified={load} />
    ) : path === '/forgot-password' ? (
      <ForgotPasswordPage />
    ) : path === '/reset-password' ? (
      <ResetPasswordPage />
    ) : null;

  if (account === undefined) return <p className="loading">{t('app.loading')}</p>;
  if (account === null)
    return (
      <>
        <header className="top">
          <span className="brand">{t('app.name')}</span>
          {languagePicker}
          <Help signedIn={false} />
        </header>
        <main id="main">{linkPage ?? <SignIn onSignedIn={load} />}</main>
      </>
    );

  const tab = path.startsWith('/console')
    ? 'console'
    : path.startsWith('/devices')
      ? 'devices'
      : path.startsWith('/account')
        ? 'account'
        : 'subscriptions';
  const subscriptionId = /^\/subscriptions\/([^/]+)/.exec(path)?.[1];
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.main')}>
          <ul className="tabs">
            {(['subscriptions', 'devices', 'account', 'console'] as const).map((name) => (
              <li key={name}>
                <a
                  href={`/${name}`}
                  aria-current={
                    tab === name && path !== '/device' && !path.startsWith('/operator') ? 'page' : undefined
                  }
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/${name}`);
                  }}
                >
                  {name === 'console' ? t('console.link') : t(`nav.${name}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {languagePicker}
        <Help signedIn />
        <button type="button" className="link" onClick={() => void signOut()}>
          {t('app.signOut')}
        </button>
      </header>
      <main id="main">
        {tab !== 'account' && !linkPage && <VerifyNotice account={account} />}
        {linkPage ? (
          linkPage
        ) : tab === 'account' ? (
          <AccountPage account={account} onChanged={load} />
        ) : tab === 'console' ? (
          <Suspense fallback={<p>{t('app.loading')}</p>}>
            <Console path={path} />
          </Suspense>
        ) : path === '/operator' || path.startsWith('/operator/') ? (
          <Suspense fallback={<p>{t('app.loading')}</p>}>
            <SupportConsole path={path} />
          </Suspense>
        ) : tab === 'devices' ? (
          <DevicesPage />
        ) : path === '/device' ? (
          <DeviceFlowPage />
        ) : path === '/mailbox' ? (
          <MailboxPage />
        ) : subscriptionId ? (
          <SubscriptionPage id={decodeURIComponent(subscriptionId)} />
        ) : (
          <SubscriptionsPage />
        )}
      </main>
    </>
  );
}
