import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode, SIGNED_OUT, textField } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';

/** The account's own data: download it all, or delete the account (password, and a code when two-step is on). */
export function OwnDataSection({ twoFactorEnabled }: { twoFactorEnabled: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const code = textField(form, 'code').trim();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/me/delete', {
        body: { password: textField(form, 'password'), ...(code ? { code } : {}) },
      });
      history.replaceState(null, '', '/');
      dispatchEvent(new Event(SIGNED_OUT));
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="own-data-title">
      <h2 id="own-data-title">{t('accounts.ownData.title')}</h2>
      <p>{t('accounts.ownData.exportHint')}</p>
      <p>
        <a href="/v1/me/export" download="seatpost-account.json">
          {t('accounts.ownData.export')}
        </a>
      </p>
      <h3 id="delete-title">{t('accounts.ownData.deleteTitle')}</h3>
      <form onSubmit={(e) => void remove(e)} aria-labelledby="delete-title">
        <p id="delete-hint">{t('accounts.ownData.deleteHint')}</p>
        <label>
          {t('auth.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-describedby="delete-hint"
          />
        </label>
        {twoFactorEnabled && (
          <label>
            {t('accounts.ownData.code')}
            <input name="code" autoComplete="one-time-code" required minLength={6} maxLength={40} />
          </label>
        )}
        <div aria-live="polite">
          <ErrorText code={error} />
        </div>
        <button type="submit" className="danger" disabled={busy}>
          {t('accounts.ownData.delete')}
        </button>
      </form>
    </section>
  );
}
