import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SeatUnit } from '../../src/domain/model.ts';
import type { SeatHolder, SeatUsage } from '../../src/domain/seats.ts';
import { noFreeSeat, seatUsage } from '../../src/domain/seats.ts';

const act = (deviceId: string, personId: string): SeatHolder => ({ deviceId, personId, kind: 'activation' });
const del = (deviceId: string, personId: string): SeatHolder => ({ deviceId, personId, kind: 'delivery' });

interface UsageCase {
  name: string;
  holders: SeatHolder[];
  /** Expected [used, reserved] per unit. */
  device: [number, number];
  user: [number, number];
}

const USAGE: readonly UsageCase[] = [
  { name: 'nobody', holders: [], device: [0, 0], user: [0, 0] },
  {
    name: 'one activation',
    holders: [act('d1', 'ann')],
    device: [1, 0],
    user: [1, 0],
  },
  {
    name: 'one delivery',
    holders: [del('d1', 'ann')],
    device: [0, 1],
    user: [0, 1],
  },
  {
    name: 'three people, one device each, two activations and one delivery',
    holders: [act('d1', 'ann'), act('d2', 'bob'), del('d3', 'cat')],
    device: [2, 1],
    user: [2, 1],
  },
  {
    name: 'one person with activations on two devices',
    holders: [act('d1', 'ann'), act('d2', 'ann')],
    device: [2, 0],
    user: [1, 0],
  },
  {
    name: 'one person with deliveries to two devices',
    holders: [del('d1', 'ann'), del('d2', 'ann')],
    device: [0, 2],
    user: [0, 1],
  },
  {
    name: 'a person holding it on one device and being sent it on another',
    holders: [act('d1', 'ann'), del('d2', 'ann')],
    device: [1, 1],
    user: [1, 0],
  },
  {
    name: 'the same, the delivery listed before the activation',
    holders: [del('d2', 'ann'), act('d1', 'ann')],
    device: [1, 1],
    user: [1, 0],
  },
  {
    name: 'a delivery to a device that already holds an activation is not double-reserved',
    holders: [act('d1', 'ann'), del('d1', 'ann')],
    device: [1, 0],
    user: [1, 0],
  },
  {
    name: 'the same, the delivery listed first',
    holders: [del('d1', 'ann'), act('d1', 'ann')],
    device: [1, 0],
    user: [1, 0],
  },
  {
    name: 'two deliveries to one device reserve one seat',
    holders: [del('d1', 'ann'), del('d1', 'ann')],
    device: [0, 1],
    user: [0, 1],
  },
  {
    name: 'a mix of people and devices',
    holders: [
      act('d1', 'ann'),
      act('d2', 'ann'),
      act('d3', 'bob'),
      del('d3', 'bob'),
      del('d4', 'bob'),
      del('d5', 'cat'),
      del('d6', 'dan'),
      del('d6', 'dan'),
    ],
    device: [3, 3],
    user: [2, 2],
  },
];

void describe('seatUsage', () => {
  for (const c of USAGE) {
    for (const unit of ['device', 'user'] as const satisfies readonly SeatUnit[]) {
      const [used, reserved] = c[unit];
      void it(`unit ${unit}: ${c.name} => used ${used}, reserved ${reserved}`, () => {
        const expected: SeatUsage = { total: 5, used, reserved };
        assert.deepEqual(seatUsage(unit, 5, c.holders), expected);
      });
    }
  }

  void it('total is the seat count, even when over-used', () => {
    assert.deepEqual(seatUsage('device', 1, [act('d1', 'ann'), act('d2', 'bob')]), {
      total: 1,
      used: 2,
      reserved: 0,
    });
    assert.deepEqual(seatUsage('user', 0, []), { total: 0, used: 0, reserved: 0 });
  });
});

void describe('noFreeSeat', () => {
  const cases: ReadonlyArray<{
    name: string;
    unit: SeatUnit;
    seats: number;
    holders: SeatHolder[];
    target: { deviceId: string; personId: string } | null;
    full: boolean;
  }> = [
    {
      name: 'no holders',
      unit: 'device',
      seats: 1,
      holders: [],
      target: { deviceId: 'dx', personId: 'zed' },
      full: false,
    },
    {
      name: 'zero seats',
      unit: 'device',
      seats: 0,
      holders: [],
      target: { deviceId: 'dx', personId: 'zed' },
      full: true,
    },
    {
      name: 'one seat free',
      unit: 'device',
      seats: 2,
      holders: [act('d1', 'ann')],
      target: { deviceId: 'dx', personId: 'zed' },
      full: false,
    },
    {
      name: 'exactly full with an activation and a delivery',
      unit: 'device',
      seats: 2,
      holders: [act('d1', 'ann'), del('d2', 'bob')],
      target: { deviceId: 'dx', personId: 'zed' },
      full: true,
    },
    {
      name: 'full by devices of one person',
      unit: 'device',
      seats: 2,
      holders: [act('d1', 'ann'), act('d2', 'ann')],
      target: { deviceId: 'dx', personId: 'ann' },
      full: true,
    },
    {
      name: 'one person on two devices is one seat',
      unit: 'user',
      seats: 2,
      holders: [act('d1', 'ann'), act('d2', 'ann')],
      target: { deviceId: 'dx', personId: 'zed' },
      full: false,
    },
    {
      name: 'exactly full with two people',
      unit: 'user',
      seats: 2,
      holders: [act('d1', 'ann'), del('d2', 'bob')],
      target: { deviceId: 'dx', personId: 'zed' },
      full: true,
    },
    {
      name: 'full, but the target person already holds it',
      unit: 'user',
      seats: 2,
      holders: [act('d1', 'ann'), act('d2', 'bob')],
      target: { deviceId: 'dx', personId: 'ann' },
      full: false,
    },
    {
      name: 'full, but the target person is already being sent it',
      unit: 'user',
      seats: 2,
      holders: [act('d1', 'ann'), del('d2', 'bob')],
      target: { deviceId: 'dx', personId: 'bob' },
      full: false,
    },
    {
      name: 'link (no target), unit device, one seat free',
      unit: 'device',
      seats: 3,
      holders: [act('d1', 'ann'), del('d2', 'bob')],
      target: null,
      full: false,
    },
    {
      name: 'link (no target), unit device, full',
      unit: 'device',
      seats: 2,
      holders: [act('d1', 'ann'), del('d2', 'bob')],
      target: null,
      full: true,
    },
    {
      name: 'link (no target), unit user, one seat free',
      unit: 'user',
      seats: 2,
      holders: [act('d1', 'ann'), del('d2', 'ann')],
      target: null,
      full: false,
    },
    {
      name: 'link (no target), unit user, full',
      unit: 'user',
      seats: 1,
      holders: [act('d1', 'ann')],
      target: null,
      full: true,
    },
  ];
  for (const { name, unit, seats, holders, target, full } of cases) {
    void it(`unit ${unit}: ${name} => ${full ? 'no free seat' : 'a seat'}`, () => {
      assert.equal(noFreeSeat(unit, seats, holders, target), full);
    });
  }

  void it('without a target, agrees with seatUsage (used + reserved reach the seats)', () => {
    for (const c of USAGE) {
      for (const unit of ['device', 'user'] as const satisfies readonly SeatUnit[]) {
        for (let seats = 0; seats <= 9; seats++) {
          const { used, reserved } = seatUsage(unit, seats, c.holders);
          assert.equal(
            noFreeSeat(unit, seats, c.holders, null),
            used + reserved >= seats,
            `${unit} ${c.name} ${seats}`,
          );
        }
      }
    }
  });

  void it('a list judged, then appended to (a send records each delivery), is judged as a new list would be', () => {
    for (const unit of ['device', 'user'] as const satisfies readonly SeatUnit[]) {
      const holders: SeatHolder[] = [];
      const target = { deviceId: 'd9', personId: 'p9' };
      for (let i = 0; i < 6; i++) {
        for (let seats = 0; seats <= 7; seats++)
          assert.equal(
            noFreeSeat(unit, seats, holders, target),
            noFreeSeat(unit, seats, [...holders], target),
            `${unit}, ${holders.length} holders, ${seats} seats`,
          );
        // Two devices per person: unit user counts people, unit device counts devices.
        holders.push({ deviceId: `d${i}`, personId: `p${Math.floor(i / 2)}`, kind: 'delivery' });
      }
      // The same list under the other unit is counted afresh, not from the first unit's count.
      const other = unit === 'device' ? 'user' : 'device';
      assert.equal(noFreeSeat(other, 4, holders, null), noFreeSeat(other, 4, [...holders], null));
    }
  });
});
