import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SilenceFacts, SilenceStep } from '../../src/domain/inactivity.ts';
import {
  isShownAsSilent,
  parseInactiveAfter,
  silenceEndsAt,
  silenceStep,
  warnAt,
  warningLead,
} from '../../src/domain/inactivity.ts';

const DAY = 86_400_000;
const MIN = 60_000;
const T0 = new Date('2027-01-01T00:00:00Z');
const at = (days: number, extraMs = 0) => new Date(T0.getTime() + days * DAY + extraMs);

/** A device last seen at T0, a product with inactiveAfter 90 days, warned 14 days before, 6 minutes of lag. */
function facts(over: Partial<SilenceFacts> & { nowDays: number; nowMs?: number }): SilenceFacts {
  const { nowDays, nowMs = 0, ...rest } = over;
  return {
    now: at(nowDays, nowMs),
    silentSince: T0,
    inactiveAfterMs: 90 * DAY,
    warnBeforeMs: 14 * DAY,
    lastSeenLagMs: 6 * MIN,
    warning: null,
    ...rest,
  };
}

const warned = (endsAtDays = 90, silentSince = T0) => ({ silentSince, endsAt: at(endsAtDays) });

describe('parseInactiveAfter', () => {
  const CASES: readonly [string, number | null][] = [
    ['90d', 90 * DAY],
    ['1d', DAY],
    ['24h', DAY],
    ['2w', 14 * DAY],
    ['3650d', 3_650 * DAY],
    ['23h', null], // shorter than a day
    ['3651d', null], // longer than ten years
    ['0d', null],
    ['90', null],
    ['90D', null],
    ['9.5d', null],
    [' 90d', null],
    ['-1d', null],
    ['', null],
  ];
  for (const [text, ms] of CASES)
    it(`${JSON.stringify(text)} → ${ms}`, () => assert.equal(parseInactiveAfter(text), ms));
});

describe('the warning lead', () => {
  it('is the setting', () =>
    assert.equal(warningLead({ inactiveAfterMs: 90 * DAY, warnBeforeMs: 14 * DAY }), 14 * DAY));
  it('is at most half of inactiveAfter', () =>
    assert.equal(warningLead({ inactiveAfterMs: 10 * DAY, warnBeforeMs: 14 * DAY }), 5 * DAY));
  it('warns 14 days before the end', () => assert.deepEqual(warnAt(facts({ nowDays: 0 })), at(76)));
});

describe('silenceStep: one case per row of the rule table', () => {
  const CASES: readonly { name: string; f: SilenceFacts; step: SilenceStep; shown: boolean }[] = [
    { name: 'just checked in', f: facts({ nowDays: 0 }), step: 'none', shown: false },
    { name: 'silent, not yet warned', f: facts({ nowDays: 75 }), step: 'none', shown: false },
    { name: 'warning due at 76 days', f: facts({ nowDays: 76 }), step: 'warn', shown: true },
    {
      name: 'warning late (the job was down): still a warning, never a silent end',
      f: facts({ nowDays: 200 }),
      step: 'warn',
      shown: true,
    },
    {
      name: 'warned, before the end',
      f: facts({ nowDays: 80, warning: warned() }),
      step: 'none',
      shown: true,
    },
    {
      name: 'warned, at the end but within the lag of last seen',
      f: facts({ nowDays: 90, nowMs: 5 * MIN, warning: warned() }),
      step: 'none',
      shown: true,
    },
    {
      name: 'warned, end and lag passed',
      f: facts({ nowDays: 90, nowMs: 6 * MIN, warning: warned() }),
      step: 'end',
      shown: true,
    },
    {
      name: 'warned about an earlier silence, then checked in (a new silence)',
      f: facts({ nowDays: 100, silentSince: at(95), warning: warned(90, T0) }),
      step: 'none',
      shown: false,
    },
    {
      name: 'warned about an earlier silence, silent again long enough: warned again',
      f: facts({ nowDays: 95 + 76, silentSince: at(95), warning: warned(90, T0) }),
      step: 'warn',
      shown: true,
    },
    {
      name: 'warned with a later promised date (inactiveAfter was shortened): the promise holds',
      f: facts({ nowDays: 95, inactiveAfterMs: 30 * DAY, warning: warned(100) }),
      step: 'none',
      shown: true,
    },
    {
      name: 'inactiveAfter grew after the warning: the end moves later',
      f: facts({ nowDays: 100, inactiveAfterMs: 120 * DAY, warning: warned(90) }),
      step: 'none',
      shown: true,
    },
  ];
  for (const c of CASES)
    it(c.name, () => {
      assert.equal(silenceStep(c.f), c.step);
      assert.equal(isShownAsSilent(c.f), c.shown);
    });
});

describe('silenceEndsAt', () => {
  it('on time: inactiveAfter after the last sign of life', () =>
    assert.deepEqual(silenceEndsAt(facts({ nowDays: 76 })), at(90)));
  it('warned late: the whole warning period from now', () =>
    assert.deepEqual(silenceEndsAt(facts({ nowDays: 200 })), at(214)));
  it('warned: the promised date, or later if inactiveAfter grew', () => {
    assert.deepEqual(silenceEndsAt(facts({ nowDays: 80, warning: warned(94) })), at(94));
    assert.deepEqual(
      silenceEndsAt(facts({ nowDays: 80, inactiveAfterMs: 120 * DAY, warning: warned(90) })),
      at(120),
    );
  });
});
