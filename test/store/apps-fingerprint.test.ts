import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { test } from 'node:test';
import { appsFingerprint } from '../../src/store/device-apps.repository.ts';

const fresh = (apps: { app: string; version: string }[]) =>
  hash(
    'sha256',
    JSON.stringify([...apps].sort((a, b) => (a.app < b.app ? -1 : 1)).map((a) => [a.app, a.version])),
    'base64url',
  ).slice(0, 22);

test('the apps fingerprint ignores order, tells a version apart, and stays right past its memo', () => {
  const vpn = { app: 'vpn', version: '1.0.0' };
  const suite = { app: 'suite', version: '22.1.0' };
  assert.equal(appsFingerprint([vpn, suite]), appsFingerprint([suite, vpn]));
  assert.notEqual(appsFingerprint([vpn, suite]), appsFingerprint([vpn, { ...suite, version: '22.1.1' }]));
  assert.notEqual(appsFingerprint([vpn]), appsFingerprint([]));
  // More distinct sets than the memo keeps, then the first ones again: each answer is the hash's.
  for (let i = 0; i < 25_000; i++) {
    const apps = [vpn, { app: 'suite', version: `22.${i}.0` }];
    assert.equal(appsFingerprint(apps), fresh(apps));
  }
  assert.equal(appsFingerprint([suite, vpn]), fresh([suite, vpn]));
  // A long report (not kept) is fingerprinted all the same, every time.
  const many = Array.from({ length: 100 }, (_, i) => ({ app: `app-${i}`, version: '1.0.0' }));
  assert.equal(appsFingerprint(many), fresh(many));
  assert.equal(appsFingerprint([...many].reverse()), fresh(many));
});
