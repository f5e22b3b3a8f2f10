import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReasonCode } from '../../../src/domain/reasons.ts';
import { reasonsNotToSend, reasonsNotToSendLink } from '../../../src/domain/sending-rules.ts';
import type { Changes } from '../../support/sending-facts.ts';
import {
  APP,
  DAY,
  DEVICE_CODES,
  NOW,
  ONE_REASON,
  SPEC_LINK_CODES,
  at,
  current,
  facts,
  linkFacts,
} from '../../support/sending-facts.ts';

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
