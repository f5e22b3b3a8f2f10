import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReasonCode } from '../../../src/domain/reasons.ts';
import type { DeviceFacts } from '../../../src/domain/sending-rules.ts';
import { reasonsNotToSend } from '../../../src/domain/sending-rules.ts';
import { APP, facts } from '../../support/sending-facts.ts';

void describe('reasonsNotToSend: region (NOT_RELEASED_IN_REGION)', () => {
  const cases: ReadonlyArray<{ regions: string[]; region: string | null; released: boolean }> = [
    { regions: [], region: 'DK', released: true },
    { regions: [], region: null, released: true },
    { regions: ['DK', 'SE'], region: 'DK', released: true },
    { regions: ['DK', 'SE'], region: 'SE', released: true },
    { regions: ['DK', 'SE'], region: 'dk', released: true },
    { regions: ['DK', 'SE'], region: 'NO', released: false },
    // The device has no region and neither has its owner (the fallback is resolved when loading).
    { regions: ['DK', 'SE'], region: null, released: false },
  ];
  for (const { regions, region, released } of cases) {
    void it(`product regions [${regions.join(',')}], device region ${String(region)} => ${released ? 'released' : 'NOT_RELEASED_IN_REGION'}`, () => {
      const f = facts({ product: { regions }, device: { region } });
      assert.deepEqual(reasonsNotToSend(f), released ? [] : ['NOT_RELEASED_IN_REGION']);
    });
  }
});

void describe('reasonsNotToSend: app and version (APP_NOT_INSTALLED, INCOMPATIBLE_APP_VERSION)', () => {
  const cases: ReadonlyArray<{
    name: string;
    apps: DeviceFacts['apps'];
    range?: string;
    expected: ReasonCode[];
  }> = [
    { name: 'lowest version in range', apps: [{ app: APP, version: '21.0.0' }], expected: [] },
    { name: 'highest version in range', apps: [{ app: APP, version: '22.99.99' }], expected: [] },
    {
      name: 'just above the range',
      apps: [{ app: APP, version: '23.0.0' }],
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
    {
      name: 'far above the range',
      apps: [{ app: APP, version: '30.1.2' }],
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
    {
      name: 'just below the range',
      apps: [{ app: APP, version: '20.99.99' }],
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
    { name: 'a two-part version in range', apps: [{ app: APP, version: '22.1' }], expected: [] },
    {
      name: 'a four-part build version in range',
      apps: [{ app: APP, version: '22.1.3.4567' }],
      expected: [],
    },
    {
      name: 'an unparsable version',
      apps: [{ app: APP, version: 'unknown' }],
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
    {
      name: 'another app in range does not count',
      apps: [{ app: 'other-app', version: '22.0.0' }],
      expected: ['APP_NOT_INSTALLED'],
    },
    {
      name: 'no app at all gives APP_NOT_INSTALLED only, never INCOMPATIBLE_APP_VERSION',
      apps: [],
      expected: ['APP_NOT_INSTALLED'],
    },
    {
      name: 'an incompatible other app is ignored',
      apps: [
        { app: 'other-app', version: '1.0.0' },
        { app: APP, version: '22.0.0' },
      ],
      expected: [],
    },
    {
      name: 'an open-ended range',
      apps: [{ app: APP, version: '99.0.0' }],
      range: '>=21',
      expected: [],
    },
    {
      name: 'a caret range, next major',
      apps: [{ app: APP, version: '4.0.0' }],
      range: '^3.2.0',
      expected: ['INCOMPATIBLE_APP_VERSION'],
    },
  ];

  for (const { name, apps, range, expected } of cases) {
    void it(`${name} => [${expected.join(', ')}]`, () => {
      const f = facts({ device: { apps }, product: range ? { appVersions: range } : {} });
      assert.deepEqual(reasonsNotToSend(f), expected);
    });
  }
});
