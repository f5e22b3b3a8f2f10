import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Channel } from '../../../src/domain/model.ts';
import type { ReasonCode } from '../../../src/domain/reasons.ts';
import type { SendFacts } from '../../../src/domain/sending-rules.ts';
import { reasonsNotToSend } from '../../../src/domain/sending-rules.ts';
import { facts } from '../../support/sending-facts.ts';

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
