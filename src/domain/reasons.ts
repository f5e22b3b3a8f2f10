/**
 * The reason codes of `shared/spec/sending.md`, in the order the spec lists them.
 * The order is normative: every refusal returns all reasons that apply, in this order.
 */
export const REASON_CODES = [
  'SUBSCRIPTION_EXPIRED',
  'SUBSCRIPTION_BLOCKED',
  'SUBSCRIPTION_SUSPENDED',
  'DEVICE_NOT_CONNECTED',
  'APP_NOT_INSTALLED',
  'ALREADY_ACTIVE_ON_DEVICE',
  'EXPIRES_SOONER_THAN_CURRENT',
  'DELIVERY_PENDING',
  'NO_FREE_SLOTS',
  'NOT_RELEASED_IN_REGION',
  'TRIAL_OR_FREE',
  'PER_USER_SERVICE',
  'INCOMPATIBLE_APP_VERSION',
  'BUSINESS_NOT_FROM_PORTAL',
  'NOT_SUBSCRIPTION_ADMIN',
  'LIMITED_ONTO_AUTO_RENEWAL',
  'AUTO_RENEWAL_ONTO_LIMITED',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** The subset a download link is checked against: it names a subscription, not a device. */
export const LINK_REASON_CODES: readonly ReasonCode[] = [
  'SUBSCRIPTION_EXPIRED',
  'SUBSCRIPTION_BLOCKED',
  'SUBSCRIPTION_SUSPENDED',
  'NO_FREE_SLOTS',
  'BUSINESS_NOT_FROM_PORTAL',
  'NOT_SUBSCRIPTION_ADMIN',
];

/** Reasons an app may give when it cannot apply a delivery, besides the sending rules' own. */
export const APP_FAILURE_CODES = ['APP_ERROR', 'USER_DECLINED', 'LICENSE_REJECTED'] as const;
export type AppFailureCode = (typeof APP_FAILURE_CODES)[number];
export type FailureReason = ReasonCode | AppFailureCode;
