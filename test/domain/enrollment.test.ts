import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnrollmentKeyFacts, EnrollmentKeyState } from '../../src/domain/enrollment.ts';
import { enrollmentKeyState } from '../../src/domain/enrollment.ts';

const now = new Date('2026-03-02T12:00:00Z');
const fresh: EnrollmentKeyFacts = { revokedAt: null, expiresAt: null, maxUses: null, uses: 0 };
const before = new Date(now.getTime() - 1);
const after = new Date(now.getTime() + 1);

const cases: [string, Partial<EnrollmentKeyFacts>, EnrollmentKeyState][] = [
  ['no expiry, no limit', {}, 'active'],
  ['used many times without a limit', { uses: 100_000 }, 'active'],
  ['below its limit', { maxUses: 10, uses: 9 }, 'active'],
  ['at its limit', { maxUses: 10, uses: 10 }, 'used_up'],
  ['expiring later', { expiresAt: after }, 'active'],
  ['expiring this very moment', { expiresAt: now }, 'expired'],
  ['expired', { expiresAt: before }, 'expired'],
  ['expired and used up: expiry is decided first', { expiresAt: before, maxUses: 1, uses: 1 }, 'expired'],
  [
    'revoked, even when also expired and used up',
    { revokedAt: before, expiresAt: before, maxUses: 1, uses: 1 },
    'revoked',
  ],
];

for (const [name, facts, state] of cases)
  test(`an enrolment key ${name}: ${state}`, () => {
    assert.equal(enrollmentKeyState({ ...fresh, ...facts }, now), state);
  });
