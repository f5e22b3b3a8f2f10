import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Eligibility, ReasonCode, SendResult } from '../api.ts';
import { PlatformName } from './Platform.tsx';
import { Remedies } from './Remedies.tsx';
import { ContactSupport, Reasons } from './Support.tsx';

type Judged = Eligibility['devices'][number];
type RemedyKind = Judged['remedies'][number]['kind'];

/** Reasons that hold for the subscription alone: no device will ever receive it while they do. */
const SUBSCRIPTION_REASONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'SUBSCRIPTION_EXPIRED',
  'SUBSCRIPTION_BLOCKED',
  'SUBSCRIPTION_SUSPENDED',
  'TRIAL_OR_FREE',
  'PER_USER_SERVICE',
  'BUSINESS_NOT_FROM_PORTAL',
  'NOT_SUBSCRIPTION_ADMIN',
]);
/** Remedies that are the same whichever device they are offered beside: said once when all share them. */
const SHARED_REMEDIES: ReadonlySet<RemedyKind> = new Set<RemedyKind>(['send_download_link', 'connect']);

/**
 * What the pre-flight says once for the whole dialog: the reasons every device shares (the
 * subscription's own always; any, when there are several devices), whether they are the
 * subscription's own (then no device is listed), and a remedy every device shares.
 */
export function commonRefusal(devices: readonly Judged[]) {
  const all = devices.length === 0 ? [] : devices.map((d) => d.reasons);
  const shared = all.length === 0 ? [] : all[0]!.filter((r) => all.every((rs) => rs.includes(r)));
  const reasons = devices.length > 1 ? shared : shared.filter((r) => SUBSCRIPTION_REASONS.has(r));
  const kinds = devices.length === 0 ? [] : devices[0]!.remedies.map((r) => r.kind);
  const remedies = kinds.filter(
    (k) =>
      SHARED_REMEDIES.has(k) &&
      reasons.length > 0 &&
      devices.every((d) => d.remedies.some((r) => r.kind === k)),
  );
  return { reasons, never: reasons.some((r) => SUBSCRIPTION_REASONS.has(r)), remedies };
}

/** The choice of devices: what holds for all said once above, each device only its own reasons. */
export function ChooseDevices({
  subscriptionId,
  eligibility,
  busy,
  onSubmit,
  onRemedySent,
  onDownloads,
}: {
  subscriptionId: string;
  eligibility: Eligibility;
  busy: boolean;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  onRemedySent: (results: SendResult[], note?: string) => void;
  onDownloads: () => void;
}) {
  const { t } = useTranslation();
  const devices = eligibility.devices;
  const common = commonRefusal(devices);
  const refused = devices.filter((d) => !d.eligible);
  const pickable = devices.some((d) => d.eligible);
  const allReasons = [...new Set(refused.flatMap((d) => d.reasons))];
  const withoutShared = (d: Judged): Judged => ({
    ...d,
    remedies: d.remedies.filter((r) => !common.remedies.includes(r.kind)),
  });

  return (
    <form onSubmit={onSubmit} className="choose-devices">
      {devices.length === 0 && <p>{t('send.noDevices')}</p>}
      {common.reasons.length > 0 && (
        <div id="send-common" className="common-refusal">
          <p>{t(common.never ? 'send.neverSent' : 'send.noneCanReceive')}</p>
          <Reasons reasons={common.reasons} />
          {common.remedies.length > 0 && (
            <Remedies
              subscriptionId={subscriptionId}
              device={{
                ...devices[0]!,
                remedies: devices[0]!.remedies.filter((r) => common.remedies.includes(r.kind)),
              }}
              onSent={onRemedySent}
              onDownloads={onDownloads}
            />
          )}
        </div>
      )}
      {!common.never && devices.length > 0 && (
        <fieldset>
          <legend>{t('send.chooseDevices')}</legend>
          <ul className="choices">
            {devices.map((d) => {
              const own = d.reasons.filter((r) => !common.reasons.includes(r));
              const mine = withoutShared(d);
              const explained = own.length > 0 || mine.remedies.length > 0;
              const describedBy = d.eligible
                ? undefined
                : [common.reasons.length > 0 && 'send-common', explained && `why-${d.deviceId}`]
                    .filter(Boolean)
                    .join(' ');
              return (
                <li key={d.deviceId} className={d.eligible ? '' : 'disabled'}>
                  <label>
                    <input
                      type="checkbox"
                      name="device"
                      value={d.deviceId}
                      disabled={!d.eligible}
                      aria-describedby={describedBy || undefined}
                    />
                    <span className="choice-name">{d.name}</span>{' '}
                    <small className="meta">
                      <PlatformName platform={d.platform} />
                    </small>
                  </label>
                  {!d.eligible && explained && (
                    <div id={`why-${d.deviceId}`} className="why">
                      {own.length > 0 && (
                        <>
                          {t('send.cannotReceive')}
                          <Reasons reasons={own} />
                        </>
                      )}
                      <Remedies
                        subscriptionId={subscriptionId}
                        device={mine}
                        onSent={onRemedySent}
                        onDownloads={onDownloads}
                      />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {refused.length > 0 && (
        <ContactSupport
          subscriptionId={subscriptionId}
          deviceId={refused.length === 1 ? refused[0]!.deviceId : undefined}
          reasons={allReasons}
        />
      )}
      <p className="send-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || !pickable}
          aria-describedby={pickable ? undefined : 'send-nothing'}
        >
          {busy ? t('send.sending') : t('send.send')}
        </button>
        {!pickable && (
          <small id="send-nothing" className="meta">
            {t('send.nothingToPick')}
          </small>
        )}
      </p>
    </form>
  );
}
