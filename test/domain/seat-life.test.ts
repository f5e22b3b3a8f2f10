import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, toCsv } from '../../src/domain/csv.ts';
import { duplicateSuggestions, identityScope, mergeKeeps } from '../../src/domain/device-identity.ts';
import type { SeatHistoryFacts } from '../../src/domain/seat-history.ts';
import { seatHistorySpan } from '../../src/domain/seat-history.ts';

const at = (h: number) => new Date(Date.UTC(2031, 0, 1, h));
const now = at(10);

describe('seat history: how each activation reads', () => {
  const base: SeatHistoryFacts = {
    startedAt: at(1),
    endedAt: null,
    endedBecause: null,
    deviceDisconnectedAt: null,
    subscriptionExpiresAt: at(20),
  };
  const cases: [string, Partial<SeatHistoryFacts>, { to: Date | null; endedBecause: string | null }][] = [
    ['held', {}, { to: null, endedBecause: null }],
    [
      'held past the expiry: expired, at the expiry',
      { subscriptionExpiresAt: at(5) },
      { to: at(5), endedBecause: 'expired' },
    ],
    ['expiring exactly now: expired', { subscriptionExpiresAt: now }, { to: now, endedBecause: 'expired' }],
    ['ended, why recorded', { endedAt: at(3), endedBecause: 'lost' }, { to: at(3), endedBecause: 'lost' }],
    ['ended, revoked', { endedAt: at(3), endedBecause: 'revoked' }, { to: at(3), endedBecause: 'revoked' }],
    [
      'ended, superseded',
      { endedAt: at(3), endedBecause: 'superseded' },
      { to: at(3), endedBecause: 'superseded' },
    ],
    [
      'ended before reasons were kept, with its device',
      { endedAt: at(3), deviceDisconnectedAt: at(3) },
      { to: at(3), endedBecause: 'disconnected' },
    ],
    [
      'ended before reasons were kept, device still there',
      { endedAt: at(3) },
      { to: at(3), endedBecause: 'superseded' },
    ],
    [
      'ended before reasons were kept, device gone later',
      { endedAt: at(3), deviceDisconnectedAt: at(4) },
      { to: at(3), endedBecause: 'superseded' },
    ],
    [
      'an unknown recorded reason reads like an unrecorded one',
      { endedAt: at(3), endedBecause: 'zapped' },
      { to: at(3), endedBecause: 'superseded' },
    ],
  ];
  for (const [name, facts, expected] of cases)
    test(name, () => {
      assert.deepEqual(seatHistorySpan({ ...base, ...facts }, now), { from: at(1), ...expected });
    });
});

describe('the same device: scope, duplicates, which one a merge keeps', () => {
  test('a key is unique within the account, or the organization', () => {
    assert.equal(identityScope({ accountId: 'a', organizationId: null }), 'account:a');
    assert.equal(identityScope({ accountId: 'a', organizationId: 'o' }), 'organization:o');
  });
  const d = (id: string, hardwareId: string | null, h: number) => ({ id, hardwareId, connectedAt: at(h) });
  const cases: [string, ReturnType<typeof d>[], ReturnType<typeof duplicateSuggestions>][] = [
    ['none', [], []],
    ['no hints', [d('a', null, 1), d('b', null, 2)], []],
    ['one each', [d('a', 'x', 1), d('b', 'y', 2)], []],
    [
      'two alike: the newer kept',
      [d('a', 'x', 1), d('b', 'x', 2)],
      [{ hardwareId: 'x', keep: 'b', duplicates: ['a'] }],
    ],
    [
      'three alike: newest kept, the rest newest first',
      [d('a', 'x', 1), d('c', 'x', 3), d('b', 'x', 2)],
      [{ hardwareId: 'x', keep: 'c', duplicates: ['b', 'a'] }],
    ],
    [
      'two groups: the one with the newest device first',
      [d('a', 'x', 1), d('b', 'x', 2), d('c', 'y', 3), d('e', 'y', 5), d('f', null, 9)],
      [
        { hardwareId: 'y', keep: 'e', duplicates: ['c'] },
        { hardwareId: 'x', keep: 'b', duplicates: ['a'] },
      ],
    ],
    [
      'the same moment: by id',
      [d('b', 'x', 1), d('a', 'x', 1)],
      [{ hardwareId: 'x', keep: 'a', duplicates: ['b'] }],
    ],
  ];
  for (const [name, devices, expected] of cases)
    test(`duplicates: ${name}`, () => assert.deepEqual(duplicateSuggestions(devices), expected));

  test('a merge keeps the newer connection, whichever is named first', () => {
    const older = { id: 'o', connectedAt: at(1) };
    const newer = { id: 'n', connectedAt: at(2) };
    assert.deepEqual(mergeKeeps(older, newer), { keep: newer, drop: older });
    assert.deepEqual(mergeKeeps(newer, older), { keep: newer, drop: older });
  });
});

describe('CSV', () => {
  const cases: [unknown, string][] = [
    ['plain', 'plain'],
    [null, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+45 1234', "'+45 1234"],
    ['-x', "'-x"],
    ['@me', "'@me"],
  ];
  for (const [value, cell] of cases)
    test(`cell ${JSON.stringify(value)}`, () => assert.equal(csvCell(value), cell));
  test('a header row, CRLF line ends', () => {
    assert.equal(toCsv(['a', 'b'], [[1, 'x']]), 'a,b\r\n1,x\r\n');
  });
});
