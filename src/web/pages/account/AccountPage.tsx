import '../../styles/accounts.css';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../api.ts';
import { api, errorCode, textField } from '../../api.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ErrorText } from '../../components/Support.tsx';
import { PasswordField } from './PasswordField.tsx';
import { OwnDataSection } from './OwnDataSection.tsx';
import { SessionsSection } from './SessionsSection.tsx';
import { TwoFactorSection } from './TwoFactorSection.tsx';
import { VerifyNotice } from './VerifyNotice.tsx';

/** The account page: its address, password, two-step verification and sessions. */
export function AccountPage({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('accounts.page.title')}</PageTitle>
      <section className="card" aria-labelledby="address-title">
        <h2 id="address-title">{t('accounts.page.address')}</h2>
        <p>
          {account.email}{' '}
          <span className={account.emailVerified ? 'badge badge-active' : 'badge badge-suspended'}>
            {account.emailVerified ? t('accounts.page.verified') : t('accounts.page.unverified')}
          </span>
        </p>
        <VerifyNotice account={account} />
        <AddressForm />
      </section>
      <PasswordSection account={account} />
      <TwoFactorSection enabled={account.twoFactorEnabled} onChanged={onChanged} />
      <SessionsSection />
      <OwnDataSection twoFactorEnabled={account.twoFactorEnabled} />
    </>
  );
}

function PasswordSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api('POST', '/v1/me/password', {
        body: {
          currentPassword: textField(form, 'currentPassword'),
          newPassword: textField(form, 'newPassword'),
        },
      });
      form.reset();
      setDone(true);
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('accounts.page.password')}</h2>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="password-title">
        <label>
          {t('accounts.page.currentPassword')}
          <input name="currentPassword" type="password" autoComplete="current-password" required />
        </label>
        <PasswordField
          name="newPassword"
          label={t('accounts.page.newPassword')}
          email={account.email}
          personName={account.name}
        />
        <div aria-live="polite">
          {done && <p className="ok">{t('accounts.page.changed')}</p>}
          <ErrorText code={error} />
        </div>
        <button type="submit" disabled={busy}>
          {t('accounts.page.change')}
        </button>
      </form>
    </section>
  );
}

function AddressForm() {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const email = textField(e.currentTarget, 'email');
    setError(null);
    try {
      await api('POST', '/v1/me/email', { body: { email } });
      setSentTo(email);
    } catch (err) {
      setError(errorCode(err));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('accounts.page.changeAddress')}>
      <label>
        {t('accounts.page.newAddress')}
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <div aria-live="polite">
        {sentTo && <p className="ok">{t('accounts.page.addressSent', { email: sentTo })}</p>}
        <ErrorText code={error} />
      </div>
      <button type="submit">{t('accounts.page.changeAddress')}</button>
    </form>
  );
}
