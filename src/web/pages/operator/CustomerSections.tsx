import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { formatDate } from '../../i18n.ts';
import { StaffAction } from './StaffAction.tsx';
import { platformName } from '../../components/Platform.tsx';
import type { Customer, StaffSelf } from './staff.ts';

interface SectionProps {
  customer: Customer;
  staff: StaffSelf;
  onChanged: (message: string) => void;
}

/** The customer's own subscriptions, each with its seats, seat history and the actions on it. */
export function Subscriptions({ customer, staff, onChanged }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="subscriptions">
      <h2 id="subscriptions">{t('operator.customer.subscriptions')}</h2>
      {customer.subscriptions.length === 0 && (
        <p className="meta">{t('operator.customer.noSubscriptions')}</p>
      )}
      <ul className="cards">
        {customer.subscriptions.map((s) => (
          <li key={s.id} className="card">
            <h3>{s.product.name}</h3>
            <p className="meta">
              {t(`subscriptions.kind.${s.kind}`)} ·{' '}
              {t(`subscriptions.state.${s.expired ? 'expired' : s.state}`)} ·{' '}
              {t('operator.customer.seats', { used: s.seats.used, total: s.seats.total })} ·{' '}
              {t('subscriptions.expires', { date: formatDate(s.expiresAt) })}
            </p>
            <h4>{t('operator.customer.seatHistory')}</h4>
            {s.seatHistory.length === 0 ? (
              <p className="meta">{t('operator.customer.noSeatHistory')}</p>
            ) : (
              <ul>
                {s.seatHistory.map((h, i) => (
                  <li key={`${h.deviceId}-${i}`}>
                    {h.deviceName}:{' '}
                    {h.to
                      ? t('operator.customer.heldUntil', {
                          from: formatDate(h.from, true),
                          to: formatDate(h.to, true),
                          why: h.endedBecause ? t(`seatLife.history.endedBecause.${h.endedBecause}`) : '',
                        })
                      : t('operator.customer.held', { from: formatDate(h.from, true) })}
                  </li>
                ))}
              </ul>
            )}
            <div className="actions">
              <StaffAction
                staff={staff}
                action="download_link.resend"
                target={s.product.name}
                email="optional"
                onDone={onChanged}
                run={async ({ reason, email }) =>
                  (
                    await api('POST', '/v1/staff/customers/{id}/download-links', {
                      params: { id: customer.account.id },
                      body: { subscriptionId: s.id, reason, ...(email ? { email } : {}) },
                    })
                  ).email
                }
              />
              {s.state !== 'active' && (
                <StaffAction
                  staff={staff}
                  action="subscription.reinstate"
                  target={s.product.name}
                  onDone={onChanged}
                  run={async ({ reason }) => {
                    await api('POST', '/v1/staff/subscriptions/{id}/reinstate', {
                      params: { id: s.id },
                      body: { reason },
                    });
                    return undefined;
                  }}
                />
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The customer's connected devices, each current subscription with "Free the seat". */
export function Devices({ customer, staff, onChanged }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="devices">
      <h2 id="devices">{t('operator.customer.devices')}</h2>
      {customer.devices.length === 0 && <p className="meta">{t('operator.customer.noDevices')}</p>}
      <ul className="cards">
        {customer.devices.map((d) => (
          <li key={d.id} className="card">
            <h3>{d.name}</h3>
            <p className="meta">
              {platformName(d.platform)} ·{' '}
              {t('operator.customer.lastSeen', { date: formatDate(d.lastSeenAt, true) })}
            </p>
            {d.current.map((c) => (
              <div key={c.subscriptionId}>
                <p>{t('operator.customer.uses', { product: c.productName })}</p>
                <StaffAction
                  staff={staff}
                  action="seat.free"
                  target={`${c.productName} · ${d.name}`}
                  onDone={onChanged}
                  run={async ({ reason }) => {
                    await api('POST', '/v1/staff/devices/{id}/free-seat', {
                      params: { id: d.id },
                      body: { subscriptionId: c.subscriptionId, reason },
                    });
                    return undefined;
                  }}
                />
              </div>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The newest deliveries, with why each failed and its status changes. */
export function Deliveries({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const product = new Map(customer.subscriptions.map((s) => [s.id, s.product.name]));
  return (
    <section aria-labelledby="deliveries">
      <h2 id="deliveries">{t('operator.customer.deliveries')}</h2>
      {customer.deliveries.length === 0 && <p className="meta">{t('operator.customer.noDeliveries')}</p>}
      <ul className="cards">
        {customer.deliveries.map((d) => (
          <li key={d.id} className="card">
            <h3>
              {product.get(d.subscriptionId) ?? d.subscriptionId} → {d.deviceName}
            </h3>
            <p>
              {t(`status.${d.status}`)}
              {d.reason && (
                <>
                  {' · '}
                  {t('operator.customer.reason', {
                    reason: t(`reasons.${d.reason}`, { defaultValue: d.reason }),
                  })}
                </>
              )}
            </p>
            <ol className="timeline" aria-label={t('operator.customer.timeline')}>
              {d.timeline.map((step) => (
                <li key={step.status}>
                  {formatDate(step.at, true)}: {t(`status.${step.status}`, { defaultValue: step.status })}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </section>
  );
}
