import type { DeliveryStatus } from '../../domain/delivery.ts';
import { effectiveStatus } from '../../domain/delivery.ts';
import type { Product } from '../../domain/model.ts';
import type { SeatUsage } from '../../domain/seats.ts';
import type { CurrentActivation } from '../../store/activations.repository.ts';
import type { StoredDelivery } from '../../store/deliveries.repository.ts';
import type { StoredSubscription } from '../../store/subscriptions.repository.ts';

/** What customers see of a subscription. */
export function subscriptionView(s: StoredSubscription, p: Product, seats: SeatUsage, now: Date) {
  return {
    id: s.id,
    product: { id: p.id, name: p.name, app: p.app, business: p.business, perUserService: p.perUserService },
    kind: s.kind,
    renewal: s.renewal,
    unit: s.unit,
    seats,
    startsAt: s.startsAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    state: s.state,
    expired: s.expiresAt.getTime() <= now.getTime(),
    activationCodeHint: s.activationCodeHint,
  };
}

export type DeliveryView = ReturnType<typeof deliveryView>;

/** A delivery as every reader sees it: its status computed from the window at `now`. */
export function deliveryView(d: StoredDelivery, now: Date) {
  const status: DeliveryStatus = effectiveStatus(d.status, d.expiresAt, now);
  const expiredNow = status === 'expired' && d.status !== 'expired';
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    deviceId: d.deviceId,
    status,
    reason: d.reason,
    createdAt: d.createdAt.toISOString(),
    updatedAt: (expiredNow ? d.expiresAt : d.updatedAt).toISOString(),
    expiresAt: d.expiresAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    actionRequiredAt: d.actionRequiredAt?.toISOString() ?? null,
    finishedAt: (expiredNow ? d.expiresAt : d.finishedAt)?.toISOString() ?? null,
  };
}

/** What the device's app receives about a delivery. */
export function deviceDeliveryView(d: StoredDelivery, s: StoredSubscription, p: Product, now: Date) {
  return {
    id: d.id,
    status: effectiveStatus(d.status, d.expiresAt, now),
    createdAt: d.createdAt.toISOString(),
    expiresAt: d.expiresAt.toISOString(),
    subscription: {
      id: s.id,
      productId: p.id,
      productName: p.name,
      app: p.app,
      kind: s.kind,
      renewal: s.renewal,
      expiresAt: s.expiresAt.toISOString(),
    },
  };
}

export type ActivationView = ReturnType<typeof activationView>;

/** An app's current subscription on a device, as the device API shows it. */
export function activationView(a: CurrentActivation) {
  return {
    app: a.app,
    subscriptionId: a.subscriptionId,
    productId: a.productId,
    productName: a.productName,
    kind: a.kind,
    renewal: a.renewal,
    expiresAt: a.expiresAt.toISOString(),
    activatedAt: a.startedAt.toISOString(),
  };
}
