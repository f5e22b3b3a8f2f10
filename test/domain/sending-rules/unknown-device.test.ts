import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReasonCode } from '../../../src/domain/reasons.ts';
import { reasonsForUnknownDevice } from '../../../src/domain/sending-rules.ts';
import type { Changes } from '../../support/sending-facts.ts';
import { DAY, at, facts } from '../../support/sending-facts.ts';

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
