import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PollFacts, PollVerdict } from '../../src/domain/device-flow.ts';
import {
  USER_CODE_ALPHABET,
  formatUserCode,
  isDecidable,
  normalizeUserCode,
  pollVerdict,
} from '../../src/domain/device-flow.ts';

describe('user codes', () => {
  it('are shown in two groups of four', () => assert.equal(formatUserCode('BCDFGHJK'), 'BCDF-GHJK'));

  const CASES: readonly [string, string | null][] = [
    ['BCDF-GHJK', 'BCDFGHJK'],
    ['bcdf-ghjk', 'BCDFGHJK'],
    ['bcdfghjk', 'BCDFGHJK'],
    [' bcdf ghjk ', 'BCDFGHJK'],
    ['BCDF-GHJ', null],
    ['BCDF-GHJKL', null],
    ['ABCD-EFGH', null], // vowels are never in a code
    ['BCD1-GHJK', null],
    ['', null],
  ];
  for (const [typed, expected] of CASES)
    it(`${JSON.stringify(typed)} → ${expected}`, () => assert.equal(normalizeUserCode(typed), expected));

  it('the alphabet has no vowels and no digits', () =>
    assert.doesNotMatch(USER_CODE_ALPHABET, /[AEIOUY0-9]/));
});

describe('pollVerdict: one row per answer, in order', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);
  const facts = (f: Partial<PollFacts>): PollFacts => ({
    status: 'pending',
    expiresAt: at(60_000),
    intervalMs: 5_000,
    lastPolledAt: null,
    now,
    ...f,
  });
  const CASES: readonly [string, Partial<PollFacts>, PollVerdict][] = [
    ['a first poll of a pending code', {}, 'authorization_pending'],
    ['a pending code polled after the interval', { lastPolledAt: at(-5_000) }, 'authorization_pending'],
    [
      'a timer firing a little early still counts as on time',
      { lastPolledAt: at(-4_500) },
      'authorization_pending',
    ],
    ['a pending code polled too fast', { lastPolledAt: at(-1_000) }, 'slow_down'],
    ['the grown interval after a slow_down', { lastPolledAt: at(-6_000), intervalMs: 10_000 }, 'slow_down'],
    ['an approved code, however fast', { status: 'approved', lastPolledAt: at(-10) }, 'issue'],
    ['an expired code', { expiresAt: now }, 'expired_token'],
    ['an approved code, too late', { status: 'approved', expiresAt: at(-1) }, 'expired_token'],
    ['a denied code', { status: 'denied' }, 'access_denied'],
    ['a denied code polled fast', { status: 'denied', lastPolledAt: at(-10) }, 'access_denied'],
    ['a code used once already', { status: 'exchanged' }, 'invalid_grant'],
    ['a used code, expired since', { status: 'exchanged', expiresAt: at(-1) }, 'invalid_grant'],
  ];
  for (const [name, f, expected] of CASES)
    it(`${name} → ${expected}`, () => assert.equal(pollVerdict(facts(f)), expected));
});

describe('isDecidable', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('pending and unexpired', () =>
    assert.equal(isDecidable({ status: 'pending', expiresAt: new Date(now.getTime() + 1) }, now), true));
  it('expired', () => assert.equal(isDecidable({ status: 'pending', expiresAt: now }, now), false));
  it('decided', () =>
    assert.equal(isDecidable({ status: 'approved', expiresAt: new Date(now.getTime() + 1) }, now), false));
});
