import '../../styles/accounts.css';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';

/**
 * A new password's field with its strength, as the server judges it (zxcvbn there, so the
 * portal's bundle stays small and the meter and the refusal never disagree).
 */
export function PasswordField({
  name,
  label,
  email,
  personName,
  invalid,
}: {
  name: string;
  label: string;
  email?: string;
  personName?: string;
  invalid?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [password, setPassword] = useState('');
  const [score, setScore] = useState<number | null>(null);

  useEffect(() => {
    if (password.length === 0) return;
    // Asked once typing pauses, not on every key.
    const timer = setTimeout(() => {
      api('POST', '/v1/auth/password-strength', {
        body: { password, ...(email ? { email } : {}), ...(personName ? { name: personName } : {}) },
      }).then(
        (r) => setScore(r.score),
        () => setScore(null),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [password, email, personName]);

  const shown = password.length === 0 ? null : score;
  return (
    <>
      <label>
        {label}
        <input
          name={name}
          type="password"
          autoComplete="new-password"
          minLength={10}
          maxLength={200}
          required
          aria-describedby={`${id}-strength`}
          onChange={(e) => setPassword(e.target.value)}
          {...(invalid ? { 'aria-invalid': true, 'aria-errormessage': 'auth-error' } : {})}
        />
      </label>
      <div id={`${id}-strength`} className="strength" aria-live="polite">
        {shown === null ? (
          <small>{t('auth.passwordHint')}</small>
        ) : (
          <>
            <meter min={0} max={4} low={2} high={3} optimum={4} value={shown} aria-hidden="true" />
            <small>
              {t('accounts.strength.label', { level: t(`accounts.strength.level${shown}`) })}
              {shown < 3 && ` ${t('accounts.strength.needed')}`}
            </small>
          </>
        )}
      </div>
    </>
  );
}
