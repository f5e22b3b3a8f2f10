import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InPlaceQuestion } from '../../../components/ui/InPlaceQuestion.tsx';
import { api, errorCode } from '../../../api.ts';
import { useConfirmStep } from '../../../components/confirm-step.ts';
import { formatDate } from '../../../i18n.ts';
import { navigate } from '../../../router.ts';
import { StaffError } from '../StaffAction.tsx';
import type { Endpoint, MadeSecret } from './webhooks.ts';
import { setFlash, webhooksPath } from './webhooks.ts';

/**
 * Disable or enable, rotate the secret (after saying what the overlap is for), delete (asked in
 * place first). Escape or Cancel backs out of a question, and the focus returns to its button.
 */
export function EndpointActions({
  endpoint,
  onChanged,
  onRotated,
}: {
  endpoint: Endpoint;
  onChanged: (message: string) => void;
  onRotated: (made: MadeSecret) => void;
}) {
  const { t } = useTranslation();
  const rotate = useConfirmStep();
  const remove = useConfirmStep();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const params = { id: endpoint.id };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = () =>
    run(async () => {
      const enable = !endpoint.enabled;
      if (enable) await api('POST', '/v1/staff/webhook-endpoints/{id}/enable', { params });
      else await api('POST', '/v1/staff/webhook-endpoints/{id}/disable', { params });
      onChanged(t(enable ? 'webhooks.enabled' : 'webhooks.disabled'));
    });
  const rotateNow = () =>
    run(async () => {
      const made = await api('POST', '/v1/staff/webhook-endpoints/{id}/rotate-secret', { params });
      rotate.cancel();
      onRotated(made);
    });
  const removeNow = () =>
    run(async () => {
      await api('DELETE', '/v1/staff/webhook-endpoints/{id}', { params });
      setFlash(t('webhooks.delete.done', { url: endpoint.url }));
      navigate(webhooksPath);
    });

  return (
    <section aria-labelledby="endpoint-actions">
      <h2 id="endpoint-actions" tabIndex={-1}>
        {t('webhooks.detail.actions')}
      </h2>
      <div className="actions">
        <button type="button" onClick={() => void toggle()} disabled={busy}>
          {endpoint.enabled ? t('webhooks.disable') : t('webhooks.enable')}
        </button>
        {!rotate.confirming && (
          <button type="button" ref={rotate.button} onClick={rotate.confirm}>
            {t('webhooks.rotate.button')}
          </button>
        )}
        {!remove.confirming && (
          <button type="button" ref={remove.button} onClick={remove.confirm}>
            {t('webhooks.delete.button')}
          </button>
        )}
      </div>
      {rotate.confirming && (
        <InPlaceQuestion
          question={t('webhooks.rotate.explain')}
          confirmLabel={t('webhooks.rotate.confirm')}
          cancelLabel={t('webhooks.cancel')}
          tone="primary"
          busy={busy}
          onConfirm={rotateNow}
          onCancel={rotate.cancel}
        />
      )}
      {remove.confirming && (
        <InPlaceQuestion
          question={t('webhooks.delete.question')}
          confirmLabel={t('webhooks.delete.confirm')}
          cancelLabel={t('webhooks.cancel')}
          busy={busy}
          onConfirm={removeNow}
          onCancel={remove.cancel}
        />
      )}
      {endpoint.previousSecretValidUntil && (
        <p className="meta">
          {t('webhooks.previousSecret', { date: formatDate(endpoint.previousSecretValidUntil, true) })}
        </p>
      )}
      <StaffError code={error} />
    </section>
  );
}
