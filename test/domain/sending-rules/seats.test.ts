import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Subscription } from '../../../src/domain/model.ts';
import type { SeatHolder } from '../../../src/domain/seats.ts';
import type { DeviceFacts } from '../../../src/domain/sending-rules.ts';
import { reasonsNotToSend } from '../../../src/domain/sending-rules.ts';
import { facts, holders } from '../../support/sending-facts.ts';

void describe('reasonsNotToSend: seats (NO_FREE_SLOTS)', () => {
  const alice = { id: 'dev-target', personId: 'alice' };
  const cases: ReadonlyArray<{
    name: string;
    unit: Subscription['unit'];
    seats: number;
    seatHolders: SeatHolder[];
    target?: Partial<DeviceFacts>;
    full: boolean;
  }> = [
    // unit device
    { name: 'device: no holders, one seat', unit: 'device', seats: 1, seatHolders: [], full: false },
    { name: 'device: zero seats', unit: 'device', seats: 0, seatHolders: [], full: true },
    { name: 'device: one seat free', unit: 'device', seats: 3, seatHolders: holders(2), full: false },
    { name: 'device: exactly full', unit: 'device', seats: 2, seatHolders: holders(2), full: true },
    { name: 'device: over-full', unit: 'device', seats: 1, seatHolders: holders(2), full: true },
    {
      name: 'device: non-final deliveries hold seats too',
      unit: 'device',
      seats: 2,
      seatHolders: holders(2, 'delivery'),
      full: true,
    },
    {
      name: 'device: one person on two devices takes two seats',
      unit: 'device',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-1', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
      ],
      full: true,
    },
    {
      name: 'device: an activation and a delivery on the same device take one seat',
      unit: 'device',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-1', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-1', personId: 'bob', kind: 'delivery' },
      ],
      full: false,
    },
    {
      name: 'device: the target owner holding it on another device still needs a seat',
      unit: 'device',
      seats: 1,
      seatHolders: [{ deviceId: 'dev-other', personId: 'alice', kind: 'activation' }],
      full: true,
    },
    // unit user
    { name: 'user: no holders, one seat', unit: 'user', seats: 1, seatHolders: [], full: false },
    { name: 'user: one seat free', unit: 'user', seats: 3, seatHolders: holders(2), full: false },
    { name: 'user: exactly full', unit: 'user', seats: 2, seatHolders: holders(2), full: true },
    {
      name: 'user: one person on two devices takes one seat',
      unit: 'user',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-1', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
      ],
      full: false,
    },
    {
      name: 'user: distinct people fill the seats',
      unit: 'user',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-1', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
        { deviceId: 'dev-3', personId: 'carol', kind: 'delivery' },
      ],
      full: true,
    },
    {
      name: 'user: the target owner already holds it on another device (seats full)',
      unit: 'user',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-other', personId: 'alice', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
      ],
      full: false,
    },
    {
      name: 'user: the target owner is being sent it on another device (seats full)',
      unit: 'user',
      seats: 1,
      seatHolders: [{ deviceId: 'dev-other', personId: 'alice', kind: 'delivery' }],
      full: false,
    },
    {
      name: 'user: a different owner of the target device needs a seat (seats full)',
      unit: 'user',
      seats: 2,
      seatHolders: [
        { deviceId: 'dev-other', personId: 'alice', kind: 'activation' },
        { deviceId: 'dev-2', personId: 'bob', kind: 'activation' },
      ],
      target: { personId: 'dave' },
      full: true,
    },
  ];

  for (const { name, unit, seats, seatHolders, target, full } of cases) {
    void it(`${name} => ${full ? 'NO_FREE_SLOTS' : 'a seat'}`, () => {
      const f = facts({ subscription: { unit, seats }, seatHolders, device: { ...alice, ...target } });
      assert.deepEqual(reasonsNotToSend(f), full ? ['NO_FREE_SLOTS'] : []);
    });
  }
});
