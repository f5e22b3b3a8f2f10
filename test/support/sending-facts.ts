import type { Channel, CurrentSubscription, Product, Subscription } from '../../src/domain/model.ts';
import type { ReasonCode } from '../../src/domain/reasons.ts';
import type { SeatHolder } from '../../src/domain/seats.ts';
import type { DeviceFacts, SendFacts } from '../../src/domain/sending-rules.ts';

/**
 * Facts for the sending rules' table tests (test/domain/sending-rules/): a base fact set that
 * yields no reason, a builder that changes it minimally, and the spec's codes written out (not
 * derived from the code under test).
 */

export const NOW = new Date('2025-06-01T12:00:00.000Z');
export const DAY = 24 * 60 * 60 * 1000;
export const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);

export const SUB_ID = 'sub-1';
export const OTHER_SUB_ID = 'sub-2';
export const APP = 'guard';

/** The spec's reason codes, in the spec's order, written out (not derived from the code under test). */
export const SPEC_ORDER: readonly ReasonCode[] = [
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
];

/** The spec's download-link subset, written out. */
export const SPEC_LINK_CODES: readonly ReasonCode[] = [
  'SUBSCRIPTION_EXPIRED',
  'SUBSCRIPTION_BLOCKED',
  'SUBSCRIPTION_SUSPENDED',
  'NO_FREE_SLOTS',
  'BUSINESS_NOT_FROM_PORTAL',
  'NOT_SUBSCRIPTION_ADMIN',
];

/** Codes that speak about a device; a download link must never return them. */
export const DEVICE_CODES: readonly ReasonCode[] = [
  'DEVICE_NOT_CONNECTED',
  'APP_NOT_INSTALLED',
  'ALREADY_ACTIVE_ON_DEVICE',
  'EXPIRES_SOONER_THAN_CURRENT',
  'DELIVERY_PENDING',
  'NOT_RELEASED_IN_REGION',
  'INCOMPATIBLE_APP_VERSION',
  'LIMITED_ONTO_AUTO_RENEWAL',
  'AUTO_RENEWAL_ONTO_LIMITED',
];

function baseSubscription(): Subscription {
  return {
    id: SUB_ID,
    productId: 'prod-1',
    kind: 'paid',
    renewal: 'auto',
    unit: 'device',
    seats: 5,
    startsAt: at(-100 * DAY),
    expiresAt: at(365 * DAY),
    state: 'active',
    ownerAccountId: 'acct-alice',
    organizationId: null,
  };
}

function baseProduct(): Product {
  return {
    id: 'prod-1',
    name: 'Guard Total',
    app: APP,
    appVersions: '>=21.0.0 <23',
    regions: [],
    business: false,
    perUserService: false,
  };
}

function baseDevice(): DeviceFacts {
  return {
    id: 'dev-target',
    personId: 'alice',
    connected: true,
    region: 'DK',
    apps: [{ app: APP, version: '22.3.1' }],
    current: null,
    otherDeliveryPending: false,
  };
}

/** Two seats of five taken, on other devices of other people. */
export function baseHolders(): SeatHolder[] {
  return [
    { deviceId: 'dev-a', personId: 'bob', kind: 'activation' },
    { deviceId: 'dev-b', personId: 'carol', kind: 'delivery' },
  ];
}

/** A current subscription on the device: another subscription, usable, expiring before this one. */
export function current(overrides: Partial<CurrentSubscription> = {}): CurrentSubscription {
  return {
    subscriptionId: OTHER_SUB_ID,
    expiresAt: at(30 * DAY),
    renewal: 'auto',
    state: 'active',
    ...overrides,
  };
}

export interface Changes {
  now?: Date;
  channel?: Channel;
  senderRole?: SendFacts['senderRole'];
  seatHolders?: readonly SeatHolder[];
  subscription?: Partial<Subscription>;
  product?: Partial<Product>;
  /** `null` for no device; otherwise changes to the base device. */
  device?: Partial<DeviceFacts> | null;
}

export function facts(changes: Changes = {}): SendFacts {
  return {
    now: changes.now ?? NOW,
    channel: changes.channel ?? 'portal',
    senderRole: changes.senderRole === undefined ? null : changes.senderRole,
    seatHolders: changes.seatHolders ?? baseHolders(),
    subscription: { ...baseSubscription(), ...changes.subscription },
    product: { ...baseProduct(), ...changes.product },
    device: changes.device === null ? null : { ...baseDevice(), ...changes.device },
  };
}

export function linkFacts(changes: Changes = {}): Omit<SendFacts, 'device'> {
  const { device: _device, ...rest } = facts(changes);
  return rest;
}

/** Holders that fill `n` seats, one device and one person each. */
export function holders(n: number, kind: SeatHolder['kind'] = 'activation'): SeatHolder[] {
  return Array.from({ length: n }, (_, i) => ({ deviceId: `dev-h${i}`, personId: `person-h${i}`, kind }));
}

/** One minimal change of the base per reason code, yielding exactly that code. */
export const ONE_REASON: ReadonlyArray<{ code: ReasonCode; change: string; changes: Changes }> = [
  {
    code: 'SUBSCRIPTION_EXPIRED',
    change: 'expiry is exactly now',
    changes: { subscription: { expiresAt: NOW } },
  },
  {
    code: 'SUBSCRIPTION_BLOCKED',
    change: 'state blocked',
    changes: { subscription: { state: 'blocked' } },
  },
  {
    code: 'SUBSCRIPTION_SUSPENDED',
    change: 'state suspended',
    changes: { subscription: { state: 'suspended' } },
  },
  {
    code: 'DEVICE_NOT_CONNECTED',
    change: 'device not connected',
    changes: { device: { connected: false } },
  },
  {
    code: 'APP_NOT_INSTALLED',
    change: 'only another app is installed',
    changes: { device: { apps: [{ app: 'other-app', version: '22.0.0' }] } },
  },
  {
    code: 'ALREADY_ACTIVE_ON_DEVICE',
    change: 'the current subscription is this one',
    changes: {
      device: { current: current({ subscriptionId: SUB_ID, expiresAt: at(365 * DAY), renewal: 'auto' }) },
    },
  },
  {
    code: 'EXPIRES_SOONER_THAN_CURRENT',
    change: 'the usable current subscription expires later',
    changes: { device: { current: current({ expiresAt: at(400 * DAY) }) } },
  },
  {
    code: 'DELIVERY_PENDING',
    change: 'another delivery to the device is not final',
    changes: { device: { otherDeliveryPending: true } },
  },
  {
    code: 'NO_FREE_SLOTS',
    change: 'seats equal to the holders',
    changes: { subscription: { seats: 2 } },
  },
  {
    code: 'NOT_RELEASED_IN_REGION',
    change: 'the product is released elsewhere only',
    changes: { product: { regions: ['SE', 'NO'] } },
  },
  {
    code: 'TRIAL_OR_FREE',
    change: 'kind trial',
    changes: { subscription: { kind: 'trial' } },
  },
  {
    code: 'PER_USER_SERVICE',
    change: 'a per-user service',
    changes: { product: { perUserService: true } },
  },
  {
    code: 'INCOMPATIBLE_APP_VERSION',
    change: 'the installed version is above the range',
    changes: { device: { apps: [{ app: APP, version: '23.0.0' }] } },
  },
  {
    code: 'BUSINESS_NOT_FROM_PORTAL',
    change: 'a business product sent from the portal',
    changes: { product: { business: true } },
  },
  {
    code: 'NOT_SUBSCRIPTION_ADMIN',
    change: 'a business product sent from the console by a member',
    changes: { product: { business: true }, channel: 'console', senderRole: 'member' },
  },
  {
    code: 'LIMITED_ONTO_AUTO_RENEWAL',
    change: 'this one limited, the current one auto',
    changes: { subscription: { renewal: 'limited' }, device: { current: current({ renewal: 'auto' }) } },
  },
  {
    code: 'AUTO_RENEWAL_ONTO_LIMITED',
    change: 'this one auto, the usable current one limited',
    changes: { device: { current: current({ renewal: 'limited' }) } },
  },
];
