import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReasonCode } from '../../src/domain/reasons.ts';
import { REASON_CODES } from '../../src/domain/reasons.ts';
import type { RemedyFacts, RemedyKind } from '../../src/domain/remedies.ts';
import { REMEDY_FOR_REASON, remediesFor } from '../../src/domain/remedies.ts';

const ALL: RemedyFacts = { seatHoldersElsewhere: true, reserveWaiting: false, installerAvailable: true };

interface Case {
  reasons: ReasonCode[];
  facts?: Partial<RemedyFacts>;
  remedies: RemedyKind[];
}

/** Reason(s) → the one-step fix, and when the facts beyond the reasons take it away. */
const CASES: readonly Case[] = [
  { reasons: [], remedies: [] },
  { reasons: ['NO_FREE_SLOTS'], remedies: ['replace'] },
  { reasons: ['NO_FREE_SLOTS'], facts: { seatHoldersElsewhere: false }, remedies: [] },
  { reasons: ['EXPIRES_SOONER_THAN_CURRENT'], remedies: ['reserve'] },
  { reasons: ['LIMITED_ONTO_AUTO_RENEWAL'], remedies: ['reserve'] },
  { reasons: ['AUTO_RENEWAL_ONTO_LIMITED'], remedies: ['reserve'] },
  { reasons: ['EXPIRES_SOONER_THAN_CURRENT', 'LIMITED_ONTO_AUTO_RENEWAL'], remedies: ['reserve'] },
  { reasons: ['AUTO_RENEWAL_ONTO_LIMITED'], facts: { reserveWaiting: true }, remedies: [] },
  { reasons: ['APP_NOT_INSTALLED'], remedies: ['send_download_link'] },
  { reasons: ['INCOMPATIBLE_APP_VERSION'], remedies: ['update_app'] },
  { reasons: ['INCOMPATIBLE_APP_VERSION'], facts: { installerAvailable: false }, remedies: [] },
  { reasons: ['DEVICE_NOT_CONNECTED'], remedies: ['connect'] },
  // Two steps are no one-step fix.
  { reasons: ['APP_NOT_INSTALLED', 'NO_FREE_SLOTS'], remedies: [] },
  { reasons: ['NO_FREE_SLOTS', 'AUTO_RENEWAL_ONTO_LIMITED'], remedies: [] },
  // Already current: nothing to fix.
  { reasons: ['ALREADY_ACTIVE_ON_DEVICE'], remedies: [] },
  { reasons: ['DELIVERY_PENDING'], remedies: [] },
  { reasons: ['SUBSCRIPTION_EXPIRED'], remedies: [] },
  { reasons: ['TRIAL_OR_FREE', 'NO_FREE_SLOTS'], remedies: [] },
];

describe('remedies: reason → one-step fix', () => {
  for (const c of CASES)
    it(`${c.reasons.join(' + ') || 'eligible'}${c.facts ? ` ${JSON.stringify(c.facts)}` : ''} → ${c.remedies.join(', ') || 'none'}`, () => {
      assert.deepEqual(remediesFor(c.reasons, { ...ALL, ...c.facts }), c.remedies);
    });

  it('names only reason codes the spec has', () => {
    for (const code of Object.keys(REMEDY_FOR_REASON))
      assert.ok(REASON_CODES.includes(code as ReasonCode), code);
  });

  it('offers nothing for a reason with no fix, whatever the facts', () => {
    for (const code of REASON_CODES.filter((c) => !(c in REMEDY_FOR_REASON)))
      assert.deepEqual(remediesFor([code], ALL), [], code);
  });
});
