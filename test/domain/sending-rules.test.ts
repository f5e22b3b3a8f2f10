import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Channel, CurrentSubscription, Product, Subscription } from '../../src/domain/model.ts';
import type { ReasonCode } from '../../src/domain/reasons.ts';
import { LINK_REASON_CODES, REASON_CODES } from '../../src/domain/reasons.ts';
import type { SeatHolder } from '../../src/domain/seats.ts';
import type { DeviceFacts, SendFacts } from '../../src/domain/sending-rules.ts';
import {
  reasonsForUnknownDevice,
  reasonsNotToSend,
  reasonsNotToSendLink,
} from '../../src/domain/sending-rules.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures: a base fact set that yields no reason, and a builder that changes it minimally.
// ---------------------------------------------------------------------------------------------

const NOW = new Date('2025-06-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);

const SUB_ID = 'sub-1';
const OTHER_SUB_ID = 'sub-2';
const APP = 'guard';

/** The spec's reason codes, in the spec's order, written out (not derived from the code under test). */
const SPEC_ORDER: readonly ReasonCode[] = [
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
const SPEC_LINK_CODES: readonly ReasonCode[] = [
  'SUBSCRIPTION_EXPIRED',
  'SUBSCRIPTION_BLOCKED',
  'SUBSCRIPTION_SUSPENDED',
  'NO_FREE_SLOTS',
  'BUSINESS_NOT_FROM_PORTAL',
  'NOT_SUBSCRIPTION_ADMIN',
];

/** Codes that speak about a device; a download link must never return them. */
const DEVICE_CODES: readonly ReasonCode[] = [
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
function baseHolders(): SeatHolder[] {
  return [
    { deviceId: 'dev-a', personId: 'bob', kind: 'activation' },
    { deviceId: 'dev-b', personId: 'carol', kind: 'delivery' },
  ];
}

/** A current subscription on the device: another subscription, usable, expiring before this one. */
function current(overrides: Partial<CurrentSubscription> = {}): CurrentSubscription {
  return {
    subscriptionId: OTHER_SUB_ID,
    expiresAt: at(30 * DAY),
    renewal: 'auto',
    state: 'active',
    ...overrides,
  };
}

interface Changes {
  now?: Date;
  channel?: Channel;
  senderRole?: SendFacts['senderRole'];
  seatHolders?: readonly SeatHolder[];
  subscription?: Partial<Subscription>;
  product?: Partial<Product>;
  /** `null` for no device; otherwise changes to the base device. */
  device?: Partial<DeviceFacts> | null;
}

function facts(changes: Changes = {}): SendFacts {
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

function linkFacts(changes: Changes = {}): Omit<SendFacts, 'device'> {
  const { device: _device, ...rest } = facts(changes);
  return rest;
}

/** Holders that fill `n` seats, one device and one person each. */
function holders(n: number, kind: SeatHolder['kind'] = 'activation'): SeatHolder[] {
  return Array.from({ length: n }, (_, i) => ({ deviceId: `dev-h${i}`, personId: `person-h${i}`, kind }));
}

// ---------------------------------------------------------------------------------------------

void describe('the reason codes', () => {
  void it('REASON_CODES lists the 17 codes in the spec order', () => {
    assert.deepEqual([...REASON_CODES], SPEC_ORDER);
    assert.equal(new Set(REASON_CODES).size, 17);
  });

  void it('LINK_REASON_CODES is the spec subset, in the spec order', () => {
    assert.deepEqual([...LINK_REASON_CODES], SPEC_LINK_CODES);
  });
});

void describe('reasonsNotToSend: the base facts', () => {
  void it('a paid, active, auto-renewal subscription with free seats to a ready device yields no reason', () => {
    assert.deepEqual(reasonsNotToSend(facts()), []);
  });

  void it('replacing a usable current subscription that expires sooner yields no reason', () => {
    assert.deepEqual(reasonsNotToSend(facts({ device: { current: current() } })), []);
  });

  void it('does not mutate the facts it is given', () => {
    const f = facts({ device: { current: current() } });
    const copy = structuredClone(f);
    reasonsNotToSend(f);
    assert.deepEqual(f, copy);
  });
});

/** One minimal change of the base per reason code, yielding exactly that code. */
const ONE_REASON: ReadonlyArray<{ code: ReasonCode; change: string; changes: Changes }> = [
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

void describe('reasonsNotToSend: one case per reason code', () => {
  void it('the table has exactly one case per code, in the spec order', () => {
    assert.deepEqual(
      ONE_REASON.map((c) => c.code),
      [...REASON_CODES],
    );
  });

  for (const { code, change, changes } of ONE_REASON) {
    void it(`${code} alone when ${change}`, () => {
      assert.deepEqual(reasonsNotToSend(facts(changes)), [code]);
    });
  }

  void it('TRIAL_OR_FREE alone for kind free as well', () => {
    assert.deepEqual(reasonsNotToSend(facts({ subscription: { kind: 'free' } })), ['TRIAL_OR_FREE']);
  });
});

void describe('reasonsNotToSend: several reasons, in the spec order', () => {
  const cases: ReadonlyArray<{ name: string; changes: Changes; expected: ReasonCode[] }> = [
    {
      name: 'expired + blocked + trial',
      changes: { subscription: { expiresAt: at(-DAY), state: 'blocked', kind: 'trial' } },
      expected: ['SUBSCRIPTION_EXPIRED', 'SUBSCRIPTION_BLOCKED', 'TRIAL_OR_FREE'],
    },
    {
      name: 'expired + suspended + free',
      changes: { subscription: { expiresAt: at(-1), state: 'suspended', kind: 'free' } },
      expected: ['SUBSCRIPTION_EXPIRED', 'SUBSCRIPTION_SUSPENDED', 'TRIAL_OR_FREE'],
    },
    {
      name: 'not connected + not released in region',
      changes: { device: { connected: false, region: 'US' }, product: { regions: ['DK'] } },
      expected: ['DEVICE_NOT_CONNECTED', 'NOT_RELEASED_IN_REGION'],
    },
    {
      name: 'business from portal + trial',
      changes: { product: { business: true }, subscription: { kind: 'trial' } },
      expected: ['TRIAL_OR_FREE', 'BUSINESS_NOT_FROM_PORTAL'],
    },
    {
      name: 'console member + per-user service + incompatible version',
      changes: {
        product: { business: true, perUserService: true },
        channel: 'console',
        senderRole: 'member',
        device: { apps: [{ app: APP, version: '20.9.9' }] },
      },
      expected: ['PER_USER_SERVICE', 'INCOMPATIBLE_APP_VERSION', 'NOT_SUBSCRIPTION_ADMIN'],
    },
    {
      name: 'expires sooner than current + auto onto limited',
      changes: { device: { current: current({ renewal: 'limited', expiresAt: at(400 * DAY) }) } },
      expected: ['EXPIRES_SOONER_THAN_CURRENT', 'AUTO_RENEWAL_ONTO_LIMITED'],
    },
    {
      name: 'expires sooner than current + limited onto auto',
      changes: {
        subscription: { renewal: 'limited' },
        device: { current: current({ renewal: 'auto', expiresAt: at(400 * DAY) }) },
      },
      expected: ['EXPIRES_SOONER_THAN_CURRENT', 'LIMITED_ONTO_AUTO_RENEWAL'],
    },
    {
      name: 'delivery pending + no free slots (the pending delivery takes the last seat)',
      changes: {
        subscription: { seats: 3 },
        seatHolders: [...baseHolders(), { deviceId: 'dev-target', personId: 'alice', kind: 'delivery' }],
        device: { otherDeliveryPending: true },
      },
      expected: ['DELIVERY_PENDING', 'NO_FREE_SLOTS'],
    },
    {
      name: 'suspended + app not installed + already active + console without a role',
      changes: {
        subscription: { state: 'suspended' },
        product: { business: true },
        channel: 'console',
        senderRole: null,
        device: {
          apps: [],
          current: current({ subscriptionId: SUB_ID, expiresAt: at(365 * DAY), renewal: 'auto' }),
        },
      },
      expected: [
        'SUBSCRIPTION_SUSPENDED',
        'APP_NOT_INSTALLED',
        'ALREADY_ACTIVE_ON_DEVICE',
        'NOT_SUBSCRIPTION_ADMIN',
      ],
    },
    {
      name: 'twelve reasons at once',
      changes: {
        subscription: { expiresAt: at(-DAY), state: 'blocked', kind: 'trial', renewal: 'limited', seats: 2 },
        product: { regions: ['SE'], perUserService: true, business: true },
        channel: 'portal',
        device: {
          connected: false,
          region: 'DK',
          apps: [{ app: APP, version: '1.0.0' }],
          current: current({ renewal: 'auto', expiresAt: at(400 * DAY) }),
          otherDeliveryPending: true,
        },
      },
      expected: [
        'SUBSCRIPTION_EXPIRED',
        'SUBSCRIPTION_BLOCKED',
        'DEVICE_NOT_CONNECTED',
        'EXPIRES_SOONER_THAN_CURRENT',
        'DELIVERY_PENDING',
        'NO_FREE_SLOTS',
        'NOT_RELEASED_IN_REGION',
        'TRIAL_OR_FREE',
        'PER_USER_SERVICE',
        'INCOMPATIBLE_APP_VERSION',
        'BUSINESS_NOT_FROM_PORTAL',
        'LIMITED_ONTO_AUTO_RENEWAL',
      ],
    },
  ];

  for (const { name, changes, expected } of cases) {
    void it(name, () => {
      assert.deepEqual(reasonsNotToSend(facts(changes)), expected);
    });
  }

  void it('any two single-reason changes that do not interfere return both codes, in the spec order', () => {
    // Changes to the same fact overwrite each other (state, installed app, channel, current subscription).
    const sameFact: ReadonlyArray<readonly ReasonCode[]> = [
      ['SUBSCRIPTION_BLOCKED', 'SUBSCRIPTION_SUSPENDED'],
      ['APP_NOT_INSTALLED', 'INCOMPATIBLE_APP_VERSION'],
      ['BUSINESS_NOT_FROM_PORTAL', 'NOT_SUBSCRIPTION_ADMIN'],
      [
        'ALREADY_ACTIVE_ON_DEVICE',
        'EXPIRES_SOONER_THAN_CURRENT',
        'LIMITED_ONTO_AUTO_RENEWAL',
        'AUTO_RENEWAL_ONTO_LIMITED',
      ],
      // An expired subscription expires sooner than any usable current one: a third code applies.
      ['SUBSCRIPTION_EXPIRED', 'LIMITED_ONTO_AUTO_RENEWAL'],
      ['SUBSCRIPTION_EXPIRED', 'AUTO_RENEWAL_ONTO_LIMITED'],
    ];
    const interfere = (a: ReasonCode, b: ReasonCode): boolean =>
      sameFact.some((group) => group.includes(a) && group.includes(b));
    let pairs = 0;
    for (const a of ONE_REASON) {
      for (const b of ONE_REASON) {
        if (a === b || interfere(a.code, b.code)) continue;
        const merged: Changes = {
          ...a.changes,
          ...b.changes,
          subscription: { ...a.changes.subscription, ...b.changes.subscription },
          product: { ...a.changes.product, ...b.changes.product },
          device: { ...a.changes.device, ...b.changes.device },
        };
        const expected = SPEC_ORDER.filter((code) => code === a.code || code === b.code);
        assert.deepEqual(reasonsNotToSend(facts(merged)), expected, `${a.code} + ${b.code}`);
        pairs++;
      }
    }
    assert.ok(pairs > 200, `${pairs} pairs checked`);
  });
});

void describe('reasonsNotToSend: SUBSCRIPTION_EXPIRED at the boundary', () => {
  const cases: ReadonlyArray<{ expiresAt: Date; expired: boolean; name: string }> = [
    { name: 'a day before now', expiresAt: at(-DAY), expired: true },
    { name: '1 ms before now', expiresAt: at(-1), expired: true },
    { name: 'exactly now', expiresAt: NOW, expired: true },
    { name: '1 ms after now', expiresAt: at(1), expired: false },
  ];
  for (const { name, expiresAt, expired } of cases) {
    void it(`expiry ${name} => ${expired ? 'expired' : 'not expired'}`, () => {
      assert.deepEqual(
        reasonsNotToSend(facts({ subscription: { expiresAt } })),
        expired ? ['SUBSCRIPTION_EXPIRED'] : [],
      );
    });
  }
});

void describe('reasonsNotToSend: seats (NO_FREE_SLOTS)', () => {
  const alice = { id: 'dev-target', personId: 'alice' };
  const cases: ReadonlyArray<{
    name: string;
    unit: Subscription['unit'];
    seats: number;
    seatHolders: SeatHolder[];
    target?: Partial<DeviceFacts>;
    full: boolean;
  }> = [
    // unit device
    { name: 'device: no holders, one seat', unit: 'device', seats: 1, seatHolders: [], full: false },
    { name: 'device: zero seats', unit: 'device', seats: 0, seatHolders: [], full: true },
    { name: 'device: one seat free', unit: 'device', seats: 3, seatHolders: holders(2), full: false },
    { name: 'device: exactly full', unit: 'device', seats: 2, seatHolders: holders(2), full: true },
    { name: 'device: over-full', unit: 'device', seats: 1, seatHolders: holders(2), full: true },
    {
      name: 'device: non-final deliveries hold seats too',
      unit: 'device',
      seats: 2,
      seatHolders: holders(2, 'delivery'),
      full: true,
    },
    {
      name: 'device: one person on two devices takes two seats',
      unit: 'device',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-1', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
      ],
      full: true,
    },
    {
      name: 'device: an activation and a delivery on the same device take one seat',
      unit: 'device',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-1', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-1', personId: 'bob', kind: 'delivery' },
      ],
      full: false,
    },
    {
      name: 'device: the target owner holding it on another device still needs a seat',
      unit: 'device',
      seats: 1,
      seatHolders: [{ deviceId: 'dev-other', personId: 'alice', kind: 'activation' }],
      full: true,
    },
    // unit user
    { name: 'user: no holders, one seat', unit: 'user', seats: 1, seatHolders: [], full: false },
    { name: 'user: one seat free', unit: 'user', seats: 3, seatHolders: holders(2), full: false },
    { name: 'user: exactly full', unit: 'user', seats: 2, seatHolders: holders(2), full: true },
    {
      name: 'user: one person on two devices takes one seat',
      unit: 'user',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-1', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
      ],
      full: false,
    },
    {
      name: 'user: distinct people fill the seats',
      unit: 'user',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-1', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-3', personId: 'carol', kind: 'delivery' },
      ],
      full: true,
    },
    {
      name: 'user: the target owner already holds it on another device (seats full)',
      unit: 'user',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-other', personId: 'alice', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
      ],
      full: false,
    },
    {
      name: 'user: the target owner is being sent it on another device (seats full)',
      unit: 'user',
      seats: 1,
      seatHolders: [{ deviceId: 'dev-other', personId: 'alice', kind: 'delivery' }],
      full: false,
    },
    {
      name: 'user: a different owner of the target device needs a seat (seats full)',
      unit: 'user',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-other', personId: 'alice', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
      ],
      target: { personId: 'dave' },
      full: true,
    },
  ];

  for (const { name, unit, seats, seatHolders, target, full } of cases) {
    void it(`${name} => ${full ? 'NO_FREE_SLOTS' : 'a seat'}`, () => {
      const f = facts({ subscription: { unit, seats }, seatHolders, device: { ...alice, ...target } });
      assert.deepEqual(reasonsNotToSend(f), full ? ['NO_FREE_SLOTS'] : []);
    });
  }
});

void describe('reasonsNotToSend: the current subscription on the device', () => {
  const cases: ReadonlyArray<{
    name: string;
    renewal: Subscription['renewal'];
    expiresAt?: Date;
    current: CurrentSubscription;
    expected: ReasonCode[];
  }> = [
    // EXPIRES_SOONER_THAN_CURRENT: only when current is usable and expires later.
    {
      name: 'usable current expiring later',
      renewal: 'auto',
      current: current({ expiresAt: at(366 * DAY) }),
      expected: ['EXPIRES_SOONER_THAN_CURRENT'],
    },
    {
      name: 'usable current expiring at the same moment',
      renewal: 'auto',
      current: current({ expiresAt: at(365 * DAY) }),
      expected: [],
    },
    {
      name: 'usable current expiring earlier',
      renewal: 'auto',
      current: current({ expiresAt: at(364 * DAY) }),
      expected: [],
    },
    {
      name: 'blocked current expiring later',
      renewal: 'auto',
      current: current({ expiresAt: at(400 * DAY), state: 'blocked' }),
      expected: [],
    },
    {
      name: 'suspended current expiring later',
      renewal: 'auto',
      current: current({ expiresAt: at(400 * DAY), state: 'suspended' }),
      expected: [],
    },
    {
      name: 'expired current, though later than an expired subscription',
      renewal: 'auto',
      expiresAt: at(-2 * DAY),
      current: current({ expiresAt: at(-DAY) }),
      expected: ['SUBSCRIPTION_EXPIRED'],
    },
    {
      name: 'current expiring exactly now, later than an expired subscription',
      renewal: 'auto',
      expiresAt: at(-DAY),
      current: current({ expiresAt: NOW }),
      expected: ['SUBSCRIPTION_EXPIRED'],
    },
    {
      name: 'this very subscription as current (even expiring "later")',
      renewal: 'auto',
      current: current({ subscriptionId: SUB_ID, expiresAt: at(400 * DAY), renewal: 'limited' }),
      expected: ['ALREADY_ACTIVE_ON_DEVICE'],
    },
    // AUTO_RENEWAL_ONTO_LIMITED: only when current is usable.
    {
      name: 'auto onto usable limited',
      renewal: 'auto',
      current: current({ renewal: 'limited' }),
      expected: ['AUTO_RENEWAL_ONTO_LIMITED'],
    },
    {
      name: 'auto onto blocked limited',
      renewal: 'auto',
      current: current({ renewal: 'limited', state: 'blocked' }),
      expected: [],
    },
    {
      name: 'auto onto suspended limited',
      renewal: 'auto',
      current: current({ renewal: 'limited', state: 'suspended' }),
      expected: [],
    },
    {
      name: 'auto onto expired limited',
      renewal: 'auto',
      current: current({ renewal: 'limited', expiresAt: at(-DAY) }),
      expected: [],
    },
    {
      name: 'auto onto limited expiring exactly now',
      renewal: 'auto',
      current: current({ renewal: 'limited', expiresAt: NOW }),
      expected: [],
    },
    { name: 'auto onto usable auto', renewal: 'auto', current: current({ renewal: 'auto' }), expected: [] },
    // LIMITED_ONTO_AUTO_RENEWAL: regardless of the current subscription's usability.
    {
      name: 'limited onto usable auto',
      renewal: 'limited',
      current: current({ renewal: 'auto' }),
      expected: ['LIMITED_ONTO_AUTO_RENEWAL'],
    },
    {
      name: 'limited onto blocked auto',
      renewal: 'limited',
      current: current({ renewal: 'auto', state: 'blocked' }),
      expected: ['LIMITED_ONTO_AUTO_RENEWAL'],
    },
    {
      name: 'limited onto suspended auto',
      renewal: 'limited',
      current: current({ renewal: 'auto', state: 'suspended' }),
      expected: ['LIMITED_ONTO_AUTO_RENEWAL'],
    },
    {
      name: 'limited onto expired auto',
      renewal: 'limited',
      current: current({ renewal: 'auto', expiresAt: at(-DAY) }),
      expected: ['LIMITED_ONTO_AUTO_RENEWAL'],
    },
    {
      name: 'limited onto usable limited',
      renewal: 'limited',
      current: current({ renewal: 'limited' }),
      expected: [],
    },
    {
      name: 'limited onto itself (auto in the activation record)',
      renewal: 'limited',
      current: current({ subscriptionId: SUB_ID, renewal: 'auto', expiresAt: at(365 * DAY) }),
      expected: ['ALREADY_ACTIVE_ON_DEVICE'],
    },
  ];

  for (const { name, renewal, expiresAt, current: cur, expected } of cases) {
    void it(`${name} => [${expected.join(', ')}]`, () => {
      const f = facts({
        subscription: expiresAt ? { renewal, expiresAt } : { renewal },
        device: { current: cur },
      });
      assert.deepEqual(reasonsNotToSend(f), expected);
    });
  }

  void it('no current subscription gives none of the current-subscription codes', () => {
    for (const renewal of ['auto', 'limited'] as const) {
      assert.deepEqual(reasonsNotToSend(facts({ subscription: { renewal }, device: { current: null } })), []);
    }
  });
});

void describe('reasonsNotToSend: region (NOT_RELEASED_IN_REGION)', () => {
  const cases: ReadonlyArray<{ regions: string[]; region: string | null; released: boolean }> = [
    { regions: [], region: 'DK', released: true },
    { regions: [], region: null, released: true },
    { regions: ['DK', 'SE'], region: 'DK', released: true },
    { regions: ['DK', 'SE'], region: 'SE', released: true },
    { regions: ['DK', 'SE'], region: 'dk', released: true },
    { regions: ['DK', 'SE'], region: 'NO', released: false },
    // The device has no region and neither has its owner (the fallback is resolved when loading).
    { regions: ['DK', 'SE'], region: null, released: false },
  ];
  for (const { regions, region, released } of cases) {
    void it(`product regions [${regions.join(',')}], device region ${String(region)} => ${released ? 'released' : 'NOT_RELEASED_IN_REGION'}`, () => {
      const f = facts({ product: { regions }, device: { region } });
      assert.deepEqual(reasonsNotToSend(f), released ? [] : ['NOT_RELEASED_IN_REGION']);
    });
  }
});

void describe('reasonsNotToSend: app and version (APP_NOT_INSTALLED, INCOMPATIBLE_APP_VERSION)', () => {
  const cases: ReadonlyArray<{
    name: string;
    apps: DeviceFacts['apps'];
    range?: string;
    expected: ReasonCode[];
  }> = [
    { name: 'lowest version in range', apps: [{ app: APP, version: '21.0.0' }], expected: [] },
    { name: 'highest version in range', apps: [{ app: APP, version: '22.99.99' }], expected: [] },
    {
      name: 'just above the range',
      apps: [{ app: APP, version: '23.0.0' }],
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
    {
      name: 'far above the range',
      apps: [{ app: APP, version: '30.1.2' }],
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
    {
      name: 'just below the range',
      apps: [{ app: APP, version: '20.99.99' }],
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
    { name: 'a two-part version in range', apps: [{ app: APP, version: '22.1' }], expected: [] },
    {
      name: 'a four-part build version in range',
      apps: [{ app: APP, version: '22.1.3.4567' }],
      expected: [],
    },
    {
      name: 'an unparsable version',
      apps: [{ app: APP, version: 'unknown' }],
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
    {
      name: 'another app in range does not count',
      apps: [{ app: 'other-app', version: '22.0.0' }],
      expected: ['APP_NOT_INSTALLED'],
    },
    {
      name: 'no app at all gives APP_NOT_INSTALLED only, never INCOMPATIBLE_APP_VERSION',
      apps: [],
      expected: ['APP_NOT_INSTALLED'],
    },
    {
      name: 'an incompatible other app is ignored',
      apps: [
        { app: 'other-app', version: '1.0.0' },
        { app: APP, version: '22.0.0' },
      ],
      expected: [],
    },
    {
      name: 'an open-ended range',
      apps: [{ app: APP, version: '99.0.0' }],
      range: '>=21',
      expected: [],
    },
    {
      name: 'a caret range, next major',
      apps: [{ app: APP, version: '4.0.0' }],
      range: '^3.2.0',
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
  ];

  for (const { name, apps, range, expected } of cases) {
    void it(`${name} => [${expected.join(', ')}]`, () => {
      const f = facts({ device: { apps }, product: range ? { appVersions: range } : {} });
      assert.deepEqual(reasonsNotToSend(f), expected);
    });
  }
});

void describe('reasonsNotToSend: channel and role (BUSINESS_NOT_FROM_PORTAL, NOT_SUBSCRIPTION_ADMIN)', () => {
  const cases: ReadonlyArray<{
    business: boolean;
    channel: Channel;
    role: SendFacts['senderRole'];
    expected: ReasonCode[];
  }> = [
    { business: true, channel: 'portal', role: null, expected: ['BUSINESS_NOT_FROM_PORTAL'] },
    { business: true, channel: 'portal', role: 'admin', expected: ['BUSINESS_NOT_FROM_PORTAL'] },
    { business: true, channel: 'portal', role: 'member', expected: ['BUSINESS_NOT_FROM_PORTAL'] },
    { business: true, channel: 'console', role: 'admin', expected: [] },
    { business: true, channel: 'console', role: 'member', expected: ['NOT_SUBSCRIPTION_ADMIN'] },
    { business: true, channel: 'console', role: null, expected: ['NOT_SUBSCRIPTION_ADMIN'] },
    { business: true, channel: 'device', role: null, expected: [] },
    { business: true, channel: 'device', role: 'member', expected: [] },
    { business: false, channel: 'portal', role: null, expected: [] },
    { business: false, channel: 'console', role: 'member', expected: [] },
    { business: false, channel: 'console', role: null, expected: [] },
    { business: false, channel: 'device', role: null, expected: [] },
  ];
  for (const { business, channel, role, expected } of cases) {
    void it(`${business ? 'business' : 'consumer'} product, channel ${channel}, role ${String(role)} => [${expected.join(', ')}]`, () => {
      const f = facts({ product: { business }, channel, senderRole: role });
      assert.deepEqual(reasonsNotToSend(f), expected);
    });
  }
});

void describe('reasonsNotToSendLink', () => {
  void it('the base subscription gives no reason', () => {
    assert.deepEqual(reasonsNotToSendLink(linkFacts()), []);
  });

  void it('ignores a device passed along, even one that would give every device code', () => {
    const f = facts({
      subscription: { renewal: 'limited' },
      product: { regions: ['SE'] },
      device: {
        connected: false,
        region: 'DK',
        apps: [{ app: APP, version: '1.0.0' }],
        current: current({ renewal: 'auto', expiresAt: at(400 * DAY) }),
        otherDeliveryPending: true,
      },
    });
    assert.ok(reasonsNotToSend(f).length > 0);
    assert.deepEqual(reasonsNotToSendLink(f), []);
  });

  const cases: ReadonlyArray<{ name: string; changes: Changes; expected: ReasonCode[] }> = [
    {
      name: 'expired',
      changes: { subscription: { expiresAt: NOW } },
      expected: ['SUBSCRIPTION_EXPIRED'],
    },
    { name: 'blocked', changes: { subscription: { state: 'blocked' } }, expected: ['SUBSCRIPTION_BLOCKED'] },
    {
      name: 'suspended',
      changes: { subscription: { state: 'suspended' } },
      expected: ['SUBSCRIPTION_SUSPENDED'],
    },
    { name: 'seats full', changes: { subscription: { seats: 2 } }, expected: ['NO_FREE_SLOTS'] },
    {
      name: 'unit user, seats full (no target person to exempt)',
      changes: {
        subscription: { unit: 'user', seats: 1 },
        seatHolders: [{ deviceId: 'dev-x', personId: 'alice', kind: 'activation' }],
      },
      expected: ['NO_FREE_SLOTS'],
    },
    {
      name: 'unit user, one seat free',
      changes: {
        subscription: { unit: 'user', seats: 2 },
        seatHolders: [
          { deviceId: 'dev-x', personId: 'alice', kind: 'activation' },
          { deviceId: 'dev-y', personId: 'alice', kind: 'delivery' },
        ],
      },
      expected: [],
    },
    {
      name: 'business from the portal',
      changes: { product: { business: true } },
      expected: ['BUSINESS_NOT_FROM_PORTAL'],
    },
    {
      name: 'business from the console by a member',
      changes: { product: { business: true }, channel: 'console', senderRole: 'member' },
      expected: ['NOT_SUBSCRIPTION_ADMIN'],
    },
    {
      name: 'business from the console by an admin',
      changes: { product: { business: true }, channel: 'console', senderRole: 'admin' },
      expected: [],
    },
    { name: 'trial is not a link reason', changes: { subscription: { kind: 'trial' } }, expected: [] },
    { name: 'free is not a link reason', changes: { subscription: { kind: 'free' } }, expected: [] },
    {
      name: 'per-user service is not a link reason',
      changes: { product: { perUserService: true } },
      expected: [],
    },
    {
      name: 'every link reason that can apply at once, in order',
      changes: {
        subscription: { expiresAt: at(-DAY), state: 'blocked', seats: 1, kind: 'trial' },
        product: { business: true, perUserService: true },
      },
      expected: ['SUBSCRIPTION_EXPIRED', 'SUBSCRIPTION_BLOCKED', 'NO_FREE_SLOTS', 'BUSINESS_NOT_FROM_PORTAL'],
    },
    {
      name: 'suspended + full + console member, in order',
      changes: {
        subscription: { state: 'suspended', seats: 2 },
        product: { business: true },
        channel: 'console',
        senderRole: 'member',
      },
      expected: ['SUBSCRIPTION_SUSPENDED', 'NO_FREE_SLOTS', 'NOT_SUBSCRIPTION_ADMIN'],
    },
  ];

  for (const { name, changes, expected } of cases) {
    void it(`${name} => [${expected.join(', ')}]`, () => {
      const reasons = reasonsNotToSendLink(linkFacts(changes));
      assert.deepEqual(reasons, expected);
      for (const code of reasons) {
        assert.ok(SPEC_LINK_CODES.includes(code), `${code} is a link code`);
        assert.ok(!DEVICE_CODES.includes(code), `${code} is not a device code`);
      }
    });
  }

  void it('never returns a device code, for any single-reason change of the base', () => {
    for (const { code, changes } of ONE_REASON) {
      const reasons = reasonsNotToSendLink(facts(changes));
      assert.deepEqual(reasons, SPEC_LINK_CODES.includes(code) ? [code] : [], code);
    }
  });
});

void describe('reasonsForUnknownDevice', () => {
  const cases: ReadonlyArray<{ name: string; changes: Changes; expected: ReasonCode[] }> = [
    { name: 'the base subscription', changes: {}, expected: ['DEVICE_NOT_CONNECTED'] },
    {
      name: 'expired trial',
      changes: { subscription: { expiresAt: at(-DAY), kind: 'trial' } },
      expected: ['SUBSCRIPTION_EXPIRED', 'DEVICE_NOT_CONNECTED', 'TRIAL_OR_FREE'],
    },
    {
      name: 'blocked, full, business from the portal',
      changes: { subscription: { state: 'blocked', seats: 2 }, product: { business: true } },
      expected: ['SUBSCRIPTION_BLOCKED', 'DEVICE_NOT_CONNECTED', 'NO_FREE_SLOTS', 'BUSINESS_NOT_FROM_PORTAL'],
    },
    {
      name: 'a device that would give device codes reveals none of them',
      changes: {
        product: { regions: ['SE'] },
        device: { apps: [], otherDeliveryPending: true, region: 'DK' },
      },
      expected: ['DEVICE_NOT_CONNECTED'],
    },
  ];
  for (const { name, changes, expected } of cases) {
    void it(`${name} => [${expected.join(', ')}]`, () => {
      assert.deepEqual(reasonsForUnknownDevice(facts(changes)), expected);
    });
  }
});
