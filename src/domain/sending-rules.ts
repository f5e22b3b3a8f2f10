import semver from 'semver';
import type { ReasonCode } from './reasons.ts';
import { LINK_REASON_CODES, REASON_CODES } from './reasons.ts';
import type { Channel, CurrentSubscription, InstalledApp, Product, Subscription } from './model.ts';
import { isUsable } from './model.ts';
import type { SeatHolder } from './seats.ts';
import { noFreeSeat } from './seats.ts';

/** Everything the sending rules need to judge one subscription for one device, loaded beforehand. */
export interface SendFacts {
  now: Date;
  /** Where the send is made: the consumer portal, the admin console, or the device applying it. */
  channel: Channel;
  subscription: Subscription;
  product: Product;
  /** The sender's role in the subscription's organization, for business subscriptions. */
  senderRole: 'admin' | 'member' | null;
  /** Active activations and non-final deliveries of this subscription (excluding the one being applied). */
  seatHolders: readonly SeatHolder[];
  /** Null when the device is unknown to the sender; the rules then judge only the subscription. */
  device: DeviceFacts | null;
}

export interface DeviceFacts {
  id: string;
  /** The person the device belongs to (its owner account). */
  personId: string;
  /** Connected to the sender's account (or, for a business subscription, managed by its organization). */
  connected: boolean;
  /** The device's region, or its owner's when the device has none. */
  region: string | null;
  apps: readonly InstalledApp[];
  /** The current subscription of the product's app on this device, if any. */
  current: CurrentSubscription | null;
  /** Another non-final delivery to this device exists. */
  otherDeliveryPending: boolean;
}

type Rule = (f: SendFacts) => boolean;

function installedApp(f: SendFacts): InstalledApp | undefined {
  return f.device?.apps.find((a) => a.app === f.product.app);
}

/**
 * Remembered per (range, version): a pre-flight over thousands of devices meets a handful of
 * versions and one range, and parsing them again for every device cost more than the rest of
 * the rules together. Bounded, so that odd versions cannot grow it without end.
 */
const outsideRange = new Map<string, Map<string, boolean>>();
const OUTSIDE_RANGE_MEMO = 10_000;
/** Products' version ranges remembered at once (a handful in practice). */
const RANGES_MEMO = 100;

function versionOutsideRange(version: string, range: string): boolean {
  // Two levels, not one joined key: building that key for every device cost as much as the rule.
  let byVersion = outsideRange.get(range);
  if (!byVersion) {
    if (outsideRange.size >= RANGES_MEMO) outsideRange.clear();
    outsideRange.set(range, (byVersion = new Map<string, boolean>()));
  }
  let outside = byVersion.get(version);
  if (outside === undefined) {
    const v = semver.coerce(version, { loose: true });
    outside = v === null || !semver.satisfies(v, range, { includePrerelease: true, loose: true });
    if (byVersion.size >= OUTSIDE_RANGE_MEMO) byVersion.clear();
    byVersion.set(version, outside);
  }
  return outside;
}

/**
 * The sending rules as one ordered table: the spec's order, one predicate per reason code.
 * Device rules read `f.device`; without a device they do not apply (the download-link check).
 */
const RULES: ReadonlyArray<readonly [ReasonCode, Rule]> = [
  ['SUBSCRIPTION_EXPIRED', (f) => f.subscription.expiresAt.getTime() <= f.now.getTime()],
  ['SUBSCRIPTION_BLOCKED', (f) => f.subscription.state === 'blocked'],
  ['SUBSCRIPTION_SUSPENDED', (f) => f.subscription.state === 'suspended'],
  ['DEVICE_NOT_CONNECTED', (f) => f.device !== null && !f.device.connected],
  ['APP_NOT_INSTALLED', (f) => f.device !== null && installedApp(f) === undefined],
  ['ALREADY_ACTIVE_ON_DEVICE', (f) => f.device?.current?.subscriptionId === f.subscription.id],
  [
    'EXPIRES_SOONER_THAN_CURRENT',
    (f) => {
      const current = f.device?.current;
      return (
        !!current &&
        current.subscriptionId !== f.subscription.id &&
        isUsable(current, f.now) &&
        current.expiresAt.getTime() > f.subscription.expiresAt.getTime()
      );
    },
  ],
  ['DELIVERY_PENDING', (f) => f.device?.otherDeliveryPending === true],
  [
    'NO_FREE_SLOTS',
    (f) =>
      noFreeSeat(
        f.subscription.unit,
        f.subscription.seats,
        f.seatHolders,
        f.device ? { deviceId: f.device.id, personId: f.device.personId } : null,
      ),
  ],
  [
    'NOT_RELEASED_IN_REGION',
    (f) =>
      f.device !== null &&
      f.product.regions.length > 0 &&
      (f.device.region === null || !f.product.regions.includes(f.device.region.toUpperCase())),
  ],
  ['TRIAL_OR_FREE', (f) => f.subscription.kind !== 'paid'],
  ['PER_USER_SERVICE', (f) => f.product.perUserService],
  [
    'INCOMPATIBLE_APP_VERSION',
    (f) => {
      const app = installedApp(f);
      return app !== undefined && versionOutsideRange(app.version, f.product.appVersions);
    },
  ],
  ['BUSINESS_NOT_FROM_PORTAL', (f) => f.product.business && f.channel === 'portal'],
  [
    'NOT_SUBSCRIPTION_ADMIN',
    (f) => f.product.business && f.channel === 'console' && f.senderRole !== 'admin',
  ],
  [
    'LIMITED_ONTO_AUTO_RENEWAL',
    (f) => {
      const current = f.device?.current;
      return (
        !!current &&
        current.subscriptionId !== f.subscription.id &&
        f.subscription.renewal === 'limited' &&
        current.renewal === 'auto'
      );
    },
  ],
  [
    'AUTO_RENEWAL_ONTO_LIMITED',
    (f) => {
      const current = f.device?.current;
      return (
        !!current &&
        current.subscriptionId !== f.subscription.id &&
        f.subscription.renewal === 'auto' &&
        current.renewal === 'limited' &&
        isUsable(current, f.now)
      );
    },
  ],
];

/**
 * Every reason the subscription cannot be sent to the device, in the spec's order; empty when it can.
 * The same function judges the pre-flight, the send itself and the app's apply.
 */
export function reasonsNotToSend(facts: SendFacts): ReasonCode[] {
  const reasons: ReasonCode[] = [];
  for (const [code, applies] of RULES) if (applies(facts)) reasons.push(code);
  return reasons;
}

/** The reasons a download link for the subscription is refused: the subscription-only subset. */
export function reasonsNotToSendLink(facts: Omit<SendFacts, 'device'>): ReasonCode[] {
  return reasonsNotToSend({ ...facts, device: null }).filter((code) => LINK_REASON_CODES.includes(code));
}

/**
 * The reasons for a device the sender cannot see (someone else's, disconnected, or no device at
 * all): the subscription's own reasons and DEVICE_NOT_CONNECTED, revealing nothing of the device.
 */
export function reasonsForUnknownDevice(facts: Omit<SendFacts, 'device'>): ReasonCode[] {
  const found = new Set<ReasonCode>([
    ...reasonsNotToSend({ ...facts, device: null }),
    'DEVICE_NOT_CONNECTED',
  ]);
  return REASON_CODES.filter((code) => found.has(code));
}
