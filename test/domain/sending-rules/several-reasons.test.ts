import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReasonCode } from '../../../src/domain/reasons.ts';
import { reasonsNotToSend } from '../../../src/domain/sending-rules.ts';
import type { Changes } from '../../support/sending-facts.ts';
import {
  APP,
  DAY,
  ONE_REASON,
  SPEC_ORDER,
  SUB_ID,
  at,
  baseHolders,
  current,
  facts,
} from '../../support/sending-facts.ts';

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
