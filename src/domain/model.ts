/** The domain's own shapes: facts loaded by the store, handed to pure rules. */

export type SubscriptionKind = 'paid' | 'trial' | 'free';
export type Renewal = 'limited' | 'auto';
export type SeatUnit = 'device' | 'user';
export type SubscriptionState = 'active' | 'blocked' | 'suspended';
export type Channel = 'portal' | 'console' | 'device';

export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['paid', 'trial', 'free'];
export const RENEWALS: readonly Renewal[] = ['limited', 'auto'];
export const SEAT_UNITS: readonly SeatUnit[] = ['device', 'user'];

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
