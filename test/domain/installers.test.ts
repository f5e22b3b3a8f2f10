import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Platform, Release } from '../../src/domain/installers.ts';
import { installersToOffer, platformFromUserAgent } from '../../src/domain/installers.ts';

describe('the visitor’s platform, from the User-Agent', () => {
  const CASES: readonly [string, string, Platform | null][] = [
    [
      'Windows Chrome',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36',
      'windows',
    ],
    [
      'Windows Edge',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Edg/130.0',
      'windows',
    ],
    [
      'macOS Safari',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15',
      'macos',
    ],
    ['Linux Firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0', 'linux'],
    ['Ubuntu', 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0', 'linux'],
    [
      'Android (also says Linux)',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36',
      'android',
    ],
    [
      'iPhone (also says Mac OS X)',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
      'ios',
    ],
    ['iPad', 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 'ios'],
    [
      'ChromeOS',
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 Chrome/130.0 Safari/537.36',
      null,
    ],
    ['curl', 'curl/8.5.0', null],
    ['nothing', '', null],
  ];
  for (const [name, ua, expected] of CASES) it(name, () => assert.equal(platformFromUserAgent(ua), expected));
  it('no header at all', () => assert.equal(platformFromUserAgent(undefined), null));
});

describe('the installers to offer', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day));
  const r = (platform: Platform, version: string, day = 1): Release & { id: string } => ({
    id: `${platform}-${version}`,
    platform,
    version,
    createdAt: at(day),
  });
  const releases = [
    r('windows', '21.0.0'),
    r('windows', '22.1.0', 3),
    r('windows', '22.0.5', 5),
    r('windows', '23.0.0', 6),
    r('macos', '22.1.0'),
    r('linux', '20.9.0'),
    r('android', '22.1.0'),
    r('ios', 'not-a-version'),
  ];

  it('per platform, the newest version the product supports; unsupported and unreadable versions are left out', () => {
    assert.deepEqual(
      installersToOffer(releases, '>=21.0.0 <23').map((i) => i.id),
      ['windows-22.1.0', 'macos-22.1.0', 'android-22.1.0'],
    );
  });

  it("the visitor's platform first, then the others in their usual order", () => {
    assert.deepEqual(
      installersToOffer(releases, '>=21.0.0 <23', 'android').map((i) => i.id),
      ['android-22.1.0', 'windows-22.1.0', 'macos-22.1.0'],
    );
    assert.deepEqual(
      installersToOffer(releases, '>=21.0.0 <23', 'linux').map((i) => i.id),
      ['windows-22.1.0', 'macos-22.1.0', 'android-22.1.0'],
      'a platform with no installer changes nothing',
    );
  });

  it('the same version registered twice: the later one', () => {
    const offered = installersToOffer(
      [r('linux', '22.0.0', 1), { ...r('linux', '22.0.0', 2), id: 'later' }],
      '*',
    );
    assert.deepEqual(
      offered.map((i) => i.id),
      ['later'],
    );
  });

  it('nothing registered, nothing offered', () => assert.deepEqual(installersToOffer([], '*'), []));
});
