import { useTranslation } from 'react-i18next';
import type { FailureReason } from '../../domain/reasons.ts';
import { en } from '../locales/en.ts';

/** Every refusal and failure offers customer service, with a reference support can look up. */
export function ContactSupport({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const href = `mailto:support@seatpost.example?subject=${encodeURIComponent(`Seatpost ${reference}`)}&body=${encodeURIComponent(
    t('support.reference', { ref: reference }),
  )}`;
  return (
    <p className="support">
      <a href={href}>{t('support.contact')}</a> <small>{t('support.reference', { ref: reference })}</small>
    </p>
  );
}

/**
 * Whether a delivery's `reason` (a string in the API: an app may report what the portal does not
 * know yet) is one the portal can say in words; the locales spell out every `FailureReason`.
 */
export function isFailureReason(reason: string): reason is FailureReason {
  return Object.hasOwn(en.reasons, reason);
}

/** Reason codes as sentences in the user's language; never the raw code. */
export function Reasons({ reasons }: { reasons: readonly FailureReason[] }) {
  const { t } = useTranslation();
  return (
    <ul className="reasons">
      {reasons.map((r) => (
        <li key={r}>{t(`reasons.${r}`, { defaultValue: t('errors.generic') })}</li>
      ))}
    </ul>
  );
}

export function ErrorText({ code }: { code: string | null }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="error" role="alert">
      {t(`errors.${code}`, { defaultValue: t('errors.generic') })}
    </p>
  );
}
