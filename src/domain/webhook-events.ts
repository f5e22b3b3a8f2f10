/**
 * The webhook event types (issue 18), defined once: the operator API's enumeration, the outbox
 * and the tests all read this list. Every delivery status has its own event, `delivery.<status>`.
 */
import { DELIVERY_STATUSES } from './delivery.ts';
import type { DeliveryStatus } from './delivery.ts';

export const WEBHOOK_EVENT_TYPES = [
  ...DELIVERY_STATUSES.map((s) => `delivery.${s}` as const),
  'device.connected',
  'device.reconnected',
  'device.disconnected',
  'device.lost',
  'activation.started',
  'activation.ended',
  'seat.released',
  'subscription.issued',
  'subscription.blocked',
  'subscription.suspended',
  'subscription.reinstated',
  'organization.member_added',
  'organization.member_role_changed',
  'organization.member_removed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function deliveryEventType(status: DeliveryStatus): WebhookEventType {
  return `delivery.${status}`;
}

/**
 * When each retry follows the attempt before it: the schedule Standard Webhooks suggests (5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h), then 10 h more until about three days have passed. The first
 * attempt is at once; after the 13th fails (3 days 5 h 35 min after the event) the message is
 * given up, and an endpoint that failed throughout is disabled.
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  ...Array.from({ length: 7 }, () => 10 * 3_600_000),
];

/** The wait before the next attempt after `attempts` attempts failed, or null when none is left. */
export function webhookRetryDelayMs(attempts: number): number | null {
  return WEBHOOK_RETRY_DELAYS_MS[attempts - 1] ?? null;
}

export const WEBHOOK_MESSAGE_STATES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookMessageState = (typeof WEBHOOK_MESSAGE_STATES)[number];
