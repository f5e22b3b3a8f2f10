import { useTranslation } from 'react-i18next';

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

/** Reason codes as sentences in the user's language; never the raw code. */
export function Reasons({ reasons }: { reasons: string[] }) {
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
