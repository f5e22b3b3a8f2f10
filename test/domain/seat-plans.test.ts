import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReasonCode } from '../../src/domain/reasons.ts';
import type { ReserveEvent, ReserveStatus } from '../../src/domain/seat-plans.ts';
import {
  RESERVE_STATUSES,
  mayReplace,
  reserveTransition,
  waitsAsReserve,
} from '../../src/domain/seat-plans.ts';
import type { SeatHolder } from '../../src/domain/seats.ts';
import { noFreeSeat, seatUsage } from '../../src/domain/seats.ts';

const RESERVE: readonly [ReasonCode[], boolean][] = [
  [[], false],
  [['ALREADY_ACTIVE_ON_DEVICE'], true],
  [['EXPIRES_SOONER_THAN_CURRENT'], true],
  [['LIMITED_ONTO_AUTO_RENEWAL'], true],
  [['AUTO_RENEWAL_ONTO_LIMITED'], true],
  [['EXPIRES_SOONER_THAN_CURRENT', 'AUTO_RENEWAL_ONTO_LIMITED'], true],
  [['EXPIRES_SOONER_THAN_CURRENT', 'NO_FREE_SLOTS'], false],
  [['DELIVERY_PENDING', 'LIMITED_ONTO_AUTO_RENEWAL'], false],
  [['APP_NOT_INSTALLED'], false],
];

const REPLACE: readonly [ReasonCode[], boolean][] = [
  [[], true],
  [['NO_FREE_SLOTS'], true],
  [['NO_FREE_SLOTS', 'DELIVERY_PENDING'], false],
  [['APP_NOT_INSTALLED', 'NO_FREE_SLOTS'], false],
  [['ALREADY_ACTIVE_ON_DEVICE'], false],
];

describe('the reserve rule (sending.md): only the current subscription stands in the way', () => {
  for (const [reasons, waits] of RESERVE)
    it(`${reasons.join(' + ') || 'eligible'} → ${waits ? 'waits' : 'no reserve'}`, () =>
      assert.equal(waitsAsReserve(reasons), waits));
});

describe('a replace-send: only NO_FREE_SLOTS stands in the way', () => {
  for (const [reasons, allowed] of REPLACE)
    it(`${reasons.join(' + ') || 'eligible'} → ${allowed ? 'allowed' : 'refused'}`, () =>
      assert.equal(mayReplace(reasons), allowed));
});

describe("a reserve's transitions", () => {
  const TABLE: Record<ReserveStatus, Record<ReserveEvent, ReserveStatus | null>> = {
    waiting: { start: 'started', undo: 'cancelled', fail: 'failed' },
    started: { start: null, undo: null, fail: null },
    cancelled: { start: null, undo: null, fail: null },
    failed: { start: null, undo: null, fail: null },
  };
  for (const from of RESERVE_STATUSES)
    for (const [event, to] of Object.entries(TABLE[from]) as [ReserveEvent, ReserveStatus | null][])
      it(`${from} --${event}--> ${to ?? 'refused'}`, () => assert.equal(reserveTransition(from, event), to));
});

describe('seats: a replace pair is one seat', () => {
  const old: SeatHolder = { deviceId: 'old', personId: 'ann', kind: 'activation' };
  const fresh: SeatHolder = {
    deviceId: 'new',
    personId: 'ann',
    kind: 'delivery',
    holdsSeatOf: { deviceId: 'old', personId: 'ann' },
  };
  it('while the new one is on its way: one used, none reserved', () => {
    assert.deepEqual(seatUsage('device', 1, [old, fresh]), { total: 1, used: 1, reserved: 0 });
    assert.equal(noFreeSeat('device', 1, [old, fresh], { deviceId: 'third', personId: 'ann' }), true);
    assert.equal(noFreeSeat('device', 2, [old, fresh], { deviceId: 'third', personId: 'ann' }), false);
  });
  it('the old one revoked meanwhile: the new one still holds the seat', () => {
    assert.deepEqual(seatUsage('device', 1, [fresh]), { total: 1, used: 0, reserved: 1 });
    assert.equal(noFreeSeat('device', 1, [fresh], { deviceId: 'third', personId: 'ann' }), true);
  });
  it('unit user: the pair is the replaced person', () => {
    const bob: SeatHolder = { ...fresh, personId: 'bob' };
    assert.deepEqual(seatUsage('user', 1, [old, bob]), { total: 1, used: 1, reserved: 0 });
  });
});
