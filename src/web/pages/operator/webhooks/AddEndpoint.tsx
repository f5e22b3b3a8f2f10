import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../../api.ts';
import { api, errorCode, textField } from '../../../api.ts';
import { StaffError } from '../StaffAction.tsx';
import { EventName } from './EventName.tsx';
import type { Attempt } from './webhooks.ts';
import { EVENT_GROUPS } from './webhooks.ts';

export type MadeEndpoint = Answer<'POST', '/v1/staff/webhook-endpoints'>;

/**
 * Adds an endpoint: its URL, an optional description, and either every event type (also those
 * added later: the API's `events` left out) or the ones ticked, grouped as the domain names them.
 */
export function AddEndpoint({ onMade }: { onMade: (made: MadeEndpoint) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [which, setWhich] = useState<'all' | 'chosen'>('all');
  const [error, setError] = useState<string | null>(null);
  const [noneChosen, setNoneChosen] = useState(false);
  const [busy, setBusy] = useState(false);
  const firstBox = useRef<HTMLInputElement>(null);
  const urlInput = useRef<HTMLInputElement>(null);
  // The server's refusals of the address (not a URL, not https, inside, unknown host) are about the URL field.
  const badUrl = !!error?.startsWith('WEBHOOK_URL');

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const events = new FormData(form).getAll('event') as Attempt['type'][];
    setError(null);
    setNoneChosen(false);
    if (which === 'chosen' && events.length === 0) {
      setNoneChosen(true);
      firstBox.current?.focus();
      return;
    }
    const description = textField(form, 'description').trim();
    setBusy(true);
    try {
      const made = await api('POST', '/v1/staff/webhook-endpoints', {
        body: {
          url: textField(form, 'url').trim(),
          ...(which === 'chosen' ? { events } : {}),
          ...(description ? { description } : {}),
        },
      });
      form.reset();
      setWhich('all');
      onMade(made);
    } catch (err) {
      const code = errorCode(err);
      setError(code);
      if (code.startsWith('WEBHOOK_URL')) urlInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`} className="card add-endpoint">
      <h2 id={`${id}-title`}>{t('webhooks.add.title')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${id}-url`}>{t('webhooks.add.url')}</label>
        <input
          id={`${id}-url`}
          name="url"
          type="url"
          required
          maxLength={2000}
          autoComplete="off"
          spellCheck={false}
          ref={urlInput}
          aria-invalid={badUrl || undefined}
          aria-describedby={badUrl ? `${id}-url-hint ${id}-error` : `${id}-url-hint`}
          placeholder="https://"
        />
        <p id={`${id}-url-hint`} className="meta">
          {t('webhooks.add.urlHint')}
        </p>
        <label htmlFor={`${id}-description`}>{t('webhooks.add.description')}</label>
        <input
          id={`${id}-description`}
          name="description"
          maxLength={500}
          autoComplete="off"
          aria-describedby={`${id}-description-hint`}
        />
        <p id={`${id}-description-hint`} className="meta">
          {t('webhooks.add.descriptionHint')}
        </p>
        <fieldset className="event-choice">
          <legend>{t('webhooks.add.which')}</legend>
          {(['all', 'chosen'] as const).map((value) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name="which"
                value={value}
                checked={which === value}
                onChange={() => setWhich(value)}
              />
              {t(`webhooks.add.${value}`)}
            </label>
          ))}
        </fieldset>
        {which === 'chosen' && (
          <fieldset className="event-types" aria-describedby={noneChosen ? `${id}-none` : undefined}>
            <legend>{t('webhooks.add.events')}</legend>
            {EVENT_GROUPS.map(([group, types], g) => (
              <fieldset key={group} className="event-group">
                <legend>{t(`webhooks.groups.${group}`)}</legend>
                {types.map((type, i) => (
                  <label key={type} className="choice">
                    <input
                      type="checkbox"
                      name="event"
                      value={type}
                      ref={g === 0 && i === 0 ? firstBox : undefined}
                    />
                    <EventName type={type} />
                  </label>
                ))}
              </fieldset>
            ))}
            {noneChosen && (
              <p id={`${id}-none`} className="error" role="alert">
                {t('webhooks.add.noneChosen')}
              </p>
            )}
          </fieldset>
        )}
        <p className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('webhooks.add.submit')}
          </button>
        </p>
        <div id={`${id}-error`}>
          <StaffError code={error} />
        </div>
      </form>
    </section>
  );
}
