/**
 * The agent's words for the service's stable codes. A vendor's app shows its user sentences,
 * never codes; the code is added in brackets so that a support agent can look it up.
 */

const REASONS: Record<string, string> = {
  SUBSCRIPTION_EXPIRED: 'the subscription has expired',
  SUBSCRIPTION_BLOCKED: 'the subscription is blocked',
  SUBSCRIPTION_SUSPENDED: 'the subscription is suspended',
  DEVICE_NOT_CONNECTED: 'this device is not connected to the account that sent it',
  APP_NOT_INSTALLED: 'the app that uses it is not installed here',
  ALREADY_ACTIVE_ON_DEVICE: 'it already is the current subscription on this device',
  EXPIRES_SOONER_THAN_CURRENT: 'the current subscription expires later than this one',
  DELIVERY_PENDING: 'another delivery to this device is still in progress',
  NO_FREE_SLOTS: 'the subscription has no free slot left',
  NOT_RELEASED_IN_REGION: "the product is not released in this device's region",
  TRIAL_OR_FREE: 'trial and free subscriptions cannot be sent',
  PER_USER_SERVICE: 'this service is activated automatically and is never sent',
  INCOMPATIBLE_APP_VERSION: 'the installed version of the app cannot use it',
  BUSINESS_NOT_FROM_PORTAL: 'a business subscription cannot be sent from the consumer portal',
  NOT_SUBSCRIPTION_ADMIN: 'only an administrator of the organization can send it',
  LIMITED_ONTO_AUTO_RENEWAL: 'it would replace a subscription that renews automatically',
  AUTO_RENEWAL_ONTO_LIMITED: 'it renews automatically and would replace an active limited subscription',
};

/** "the subscription has expired [SUBSCRIPTION_EXPIRED]; ..." */
export function describeReasons(codes: readonly string[]): string {
  if (codes.length === 0) return 'no reason was given';
  return codes.map((code) => `${REASONS[code] ?? 'a rule refused it'} [${code}]`).join('; ');
}
