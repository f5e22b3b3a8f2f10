import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LINK_REASON_CODES, REASON_CODES } from '../../../src/domain/reasons.ts';
import { reasonsNotToSend } from '../../../src/domain/sending-rules.ts';
import { ONE_REASON, SPEC_LINK_CODES, SPEC_ORDER, current, facts } from '../../support/sending-facts.ts';

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
