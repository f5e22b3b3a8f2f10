import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api.ts';
import { api, errorCode, textField } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';

type Started = Answer<'POST', '/v1/me/two-factor'>;

/** Two-step verification: on with the password, a scanned QR code and a first code; off with the password and a code. */
export function TwoFactorSection({ enabled, onChanged }: { enabled: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [started, setStarted] = useState<Started | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (work: (form: HTMLFormElement) => Promise<void>) => async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await work(form);
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  const start = run(async (form) => {
    setStarted(await api('POST', '/v1/me/two-factor', { body: { password: textField(form, 'password') } }));
  });
  const confirm = run(async (form) => {
    await api('POST', '/v1/me/two-factor/confirm', { body: { code: textField(form, 'code').trim() } });
    setStarted(null);
    setMessage(t('accounts.twoFactor.turnedOn'));
    onChanged();
  });
  const turnOff = run(async (form) => {
    await api('POST', '/v1/me/two-factor/disable', {
      body: { password: textField(form, 'password'), code: textField(form, 'code').trim() },
    });
    setMessage(t('accounts.twoFactor.turnedOff'));
    onChanged();
  });

  const secret = started ? (new URL(started.otpauthUri).searchParams.get('secret') ?? '') : '';
  return (
    <section className="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t('accounts.twoFactor.title')}</h2>
      <p>{enabled ? t('accounts.twoFactor.on') : t('accounts.twoFactor.off')}</p>
      {enabled ? (
        <form onSubmit={(e) => void turnOff(e)} aria-label={t('accounts.twoFactor.turnOff')}>
          <p>{t('accounts.twoFactor.turnOffHint')}</p>
          <label>
            {t('auth.password')}
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <label>
            {t('accounts.twoFactor.code')}
            <input name="code" autoComplete="one-time-code" required minLength={6} maxLength={40} />
          </label>
          <button type="submit" className="danger" disabled={busy}>
            {t('accounts.twoFactor.turnOff')}
          </button>
        </form>
      ) : started ? (
        <form onSubmit={(e) => void confirm(e)} aria-label={t('accounts.twoFactor.confirm')}>
          <p>
            {t('accounts.twoFactor.scan')} <code className="secret">{secret}</code>
          </p>
          <img
            className="qr"
            alt={t('accounts.twoFactor.qr')}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(started.qrCodeSvg)}`}
            width={200}
            height={200}
          />
          <p>{t('accounts.twoFactor.recovery')}</p>
          <ul className="recovery-codes">
            {started.recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <label>
            {t('accounts.twoFactor.confirm')}
            <input
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              minLength={6}
              maxLength={6}
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {t('accounts.twoFactor.turnOn')}
          </button>
        </form>
      ) : (
        <form onSubmit={(e) => void start(e)} aria-label={t('accounts.twoFactor.start')}>
          <label>
            {t('auth.password')}
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <button type="submit" disabled={busy}>
            {t('accounts.twoFactor.start')}
          </button>
        </form>
      )}
      <div aria-live="polite">
        {message && <p className="ok">{message}</p>}
        <ErrorText code={error} />
      </div>
    </section>
  );
}
