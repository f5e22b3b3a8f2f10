import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, textField } from '../../api.ts';
import type { StaffActionName, StaffSelf } from './staff.ts';

/**
 * One staff action on one thing: a button that opens a short form for the reason (and an address
 * where the action takes one), then Confirm. Shown only to staff whose role allows the action.
 */
export function StaffAction({
  staff,
  action,
  target,
  email,
  run,
  onDone,
}: {
  staff: StaffSelf;
  action: StaffActionName;
  /** What the action is done to, for the form's title: a device, a subscription, an address. */
  target: string;
  /** 'optional': an address may be given; 'required': one must be. */
  email?: 'optional' | 'required';
  /** Does it; answers the address the done message names, if any. */
  run: (input: { reason: string; email?: string }) => Promise<string | undefined>;
  /** Called with what to tell the user: the page says it, since this action may be gone once it reloads. */
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!staff.actions.includes(action)) return null;
  const label = t(`operator.actions.${action}`);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const given = textField(form, 'email').trim();
    setBusy(true);
    setError(null);
    try {
      const to = await run({ reason: textField(form, 'reason'), ...(given ? { email: given } : {}) });
      setOpen(false);
      onDone(t(`operator.done.${action}`, { email: to ?? '' }));
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="staff-action">
      {!open && (
        <button type="button" onClick={() => setOpen(true)}>
          {label}
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void submit(e)} className="card confirm-action">
          <fieldset>
            <legend>{t('operator.confirmTitle', { action: label, target })}</legend>
            {email && (
              <label>
                {email === 'optional' ? t('operator.emailOptional') : t('operator.emailLabel')}
                <input name="email" type="email" required={email === 'required'} autoComplete="off" />
              </label>
            )}
            <label htmlFor={`${id}-reason`}>{t('operator.reasonLabel')}</label>
            <textarea
              id={`${id}-reason`}
              name="reason"
              required
              minLength={3}
              maxLength={500}
              rows={2}
              aria-describedby={`${id}-hint`}
            />
            <p id={`${id}-hint`} className="hint">
              {t('operator.reasonHint')}
            </p>
            <p className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t('operator.confirm')}
              </button>
              <button type="button" onClick={() => setOpen(false)}>
                {t('operator.cancel')}
              </button>
            </p>
          </fieldset>
        </form>
      )}
      <StaffError code={error} />
    </div>
  );
}

/** Where a page says what an action did: a live region that is there before anything is said in it. */
export function Notice({ message }: { message: string | null }) {
  return (
    <div role="status" className="notice">
      {message && <p className="ok">{message}</p>}
    </div>
  );
}

/** An error in the console's words where it has them, else the portal's, else the generic one. */
export function StaffError({ code }: { code: string | null }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="error" role="alert">
      {t(`operator.errors.${code}`, {
        defaultValue: t(`errors.${code}`, { defaultValue: t('errors.generic') }),
      })}
    </p>
  );
}
