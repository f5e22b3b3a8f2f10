/** The domain's own shapes: facts loaded by the store, handed to pure rules. */

// Each enumeration is defined here once; the wire schemas, the store and the portal derive from it.
export const SUBSCRIPTION_KINDS = ['paid', 'trial', 'free'] as const;
export const RENEWALS = ['limited', 'auto'] as const;
export const SEAT_UNITS = ['device', 'user'] as const;
export const SUBSCRIPTION_STATES = ['active', 'blocked', 'suspended'] as const;
export const CHANNELS = ['portal', 'console', 'device'] as const;
/** An organization member's role: only an `admin` may send the organization's subscriptions. */
export const ROLES = ['admin', 'member'] as const;

export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
export type Renewal = (typeof RENEWALS)[number];
export type SeatUnit = (typeof SEAT_UNITS)[number];
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];
export type Channel = (typeof CHANNELS)[number];
export type Role = (typeof ROLES)[number];

export interface Product {
  id: string;
  name: string;
  app: string;
  /** A semver range, e.g. ">=21.0.0 <23". */
  appVersions: string;
  /** ISO 3166 alpha-2 codes; empty means released everywhere. */
  regions: string[];
  business: boolean;
  perUserService: boolean;
  /** `"90d"`-style: a device silent that long loses its activations of the product (domain/inactivity.ts); absent: never. */
  inactiveAfter?: string;
}

export interface Subscription {
  id: string;
  productId: string;
  kind: SubscriptionKind;
  renewal: Renewal;
  unit: SeatUnit;
  seats: number;
  startsAt: Date;
  expiresAt: Date;
  state: SubscriptionState;
  ownerAccountId: string | null;
  organizationId: string | null;
}

export interface InstalledApp {
  app: string;
  version: string;
}

/** The subscription an app on a device uses now (its activation), as the rules need it. */
export interface CurrentSubscription {
  subscriptionId: string;
  expiresAt: Date;
  renewal: Renewal;
  state: SubscriptionState;
}

/** A subscription is usable when its state is active and its expiry is after now. */
export function isUsable(s: { state: SubscriptionState; expiresAt: Date }, now: Date): boolean {
  return s.state === 'active' && s.expiresAt.getTime() > now.getTime();
}
