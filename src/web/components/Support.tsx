import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailureReason } from '../../domain/reasons.ts';
import { en } from '../locales/en.ts';
import type { SupportContext } from './SupportPanel.tsx';
import { SupportPanel } from './SupportPanel.tsx';

/**
 * "Contact customer service" beside a refusal or failure: opens customer service's contact with a
 * short reference (`SP-7K3Q-9XF2`) that stands for the subscription, device and reasons met, so
 * that support finds them without asking.
 */
export function ContactSupport(context: SupportContext) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="support">
      <button
        type="button"
        className="link"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {t('support.contact')}
      </button>
      {open && (
        <div id={id}>
          <SupportPanel context={context} signedIn auto />
        </div>
      )}
    </div>
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
