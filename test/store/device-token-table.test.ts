import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { DeviceAtRequest } from '../../src/store/device-lookup.repository.ts';
import { DeviceTokenTable } from '../../src/store/device-token-table.ts';

const tokenHash = (i: number) => createHash('sha256').update(`token-${i}`).digest('base64url');
const device = (over: Partial<DeviceAtRequest> = {}): DeviceAtRequest => ({
  id: randomUUID(),
  region: 'DK',
  lastSeenAt: new Date('2030-01-01T00:00:00.123Z'),
  appsFingerprint: 'abcdefghijklmnopqrstuv',
  waiting: false,
  ...over,
});

test('a held device reads back exactly as the database gave it', () => {
  const table = new DeviceTokenTable();
  for (const d of [
    device(),
    device({ region: null, appsFingerprint: null, lastSeenAt: new Date(0) }),
    device({ region: '' }),
  ]) {
    table.put(tokenHash(1), d);
    assert.deepEqual(table.get(tokenHash(1)), d);
  }
  assert.equal(table.size, 1);
  assert.equal(table.get(tokenHash(2)), undefined);
});

test('what is not held: a device something waits for, a hash that is not base64url', () => {
  const table = new DeviceTokenTable();
  table.put(tokenHash(1), device({ waiting: true }));
  table.put('not base64url: spaces and more than twenty characters', device());
  table.put('short', device());
  assert.equal(table.size, 0);
  assert.equal(table.get('not base64url: spaces and more than twenty characters'), undefined);
});

test('forgetting: the token reads as unknown, and the generation moves (a lookup in flight must not fill it back)', () => {
  const table = new DeviceTokenTable();
  table.put(tokenHash(1), device());
  table.put(tokenHash(2), device());
  const generation = table.generation;
  table.forget(tokenHash(1));
  table.forget(null);
  assert.equal(table.get(tokenHash(1)), undefined);
  assert.ok(table.get(tokenHash(2)));
  assert.ok(table.generation > generation);
  table.clear();
  assert.equal(table.get(tokenHash(2)), undefined);
  assert.equal(table.size, 0);
});

test('many devices: every one reads back its own after the table has grown, with forgotten ones among them', () => {
  const table = new DeviceTokenTable(1 << 17);
  const devices = Array.from({ length: 30_000 }, () => device());
  devices.forEach((d, i) => table.put(tokenHash(i), d));
  for (let i = 0; i < devices.length; i += 3) table.forget(tokenHash(i));
  devices.forEach((d, i) => table.put(tokenHash(i + 100_000), d));
  devices.forEach((d, i) => {
    assert.deepEqual(table.get(tokenHash(i)), i % 3 === 0 ? undefined : d);
    assert.deepEqual(table.get(tokenHash(i + 100_000)), d);
  });
  assert.equal(table.size, 20_000 + 30_000);
});

test('full at its most slots: the rest are not held, and what is held stays right', () => {
  const table = new DeviceTokenTable(1 << 12);
  const devices = Array.from({ length: 5_000 }, () => device());
  devices.forEach((d, i) => table.put(tokenHash(i), d));
  assert.ok(table.size <= (1 << 12) * 0.75);
  let held = 0;
  devices.forEach((d, i) => {
    const got = table.get(tokenHash(i));
    if (got) assert.deepEqual(got, d, `device ${i}`);
    held += got ? 1 : 0;
  });
  assert.equal(held, table.size);
});

test('app lists are named up to a bound: a device with one more is not held, and those held read back right', () => {
  const table = new DeviceTokenTable(1 << 17);
  const devices = Array.from({ length: 70_000 }, (_, i) => device({ appsFingerprint: `fingerprint-${i}` }));
  devices.forEach((d, i) => table.put(tokenHash(i), d));
  assert.equal(table.size, 0xfffe);
  devices.forEach((d, i) => assert.deepEqual(table.get(tokenHash(i)), i < 0xfffe ? d : undefined));
});
