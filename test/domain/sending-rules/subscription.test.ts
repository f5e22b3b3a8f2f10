import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CurrentSubscription, Subscription } from '../../../src/domain/model.ts';
import type { ReasonCode } from '../../../src/domain/reasons.ts';
import { reasonsNotToSend } from '../../../src/domain/sending-rules.ts';
import { DAY, NOW, SUB_ID, at, current, facts } from '../../support/sending-facts.ts';

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
