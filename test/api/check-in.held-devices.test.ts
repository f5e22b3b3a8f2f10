import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { inTransaction } from '../../src/store/database.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/**
 * A device that has checked in is held in the process (SQLite): its next check-ins read no
 * database. What must never happen is that a held device outlives what the database says of it.
 */
const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

const apps = [{ app: 'seatpost-security', version: '22.0.0' }];
const held = () => server.service.store.watchDeviceTokens()?.table.size ?? 0;

async function heldDevice() {
  const customer = await server.newCustomer();
  const device = await server.newDevice(customer, { apps });
  const before = held();
  for (let i = 0; i < 2; i++)
    assert.deepEqual((await device.api.post('/v1/device/check-in', { apps })).body, { deliveries: [] });
  if (DIALECT === 'sqlite') assert.equal(held(), before + 1, 'held after its first check-in');
  return { customer, device };
}

test(`a held device that is disconnected is refused at its next request (${DIALECT})`, async () => {
  const { customer, device } = await heldDevice();
  assert.equal((await customer.api.delete(`/v1/me/devices/${device.deviceId}`)).status, 204);
  const r = await device.api.post('/v1/device/check-in', { apps });
  assert.equal(r.status, 401);
  assert.equal(r.body.code, 'UNAUTHENTICATED');
});

test(`a send to a held device is in its next check-in (${DIALECT})`, async () => {
  const { customer, device } = await heldDevice();
  const product = await server.createProduct({ appVersions: '>=22.0.0 <23' });
  const sub = await server.subscriptionFor(customer, { product: product.id });
  const sent = await server.send(customer, sub.id, [device.deviceId]);
  const r = await device.api.post('/v1/device/check-in', { apps });
  assert.deepEqual(
    r.body.deliveries.map((d: any) => d.id),
    [sent.body.results[0].delivery.id],
  );
});

test(`a change that rolls back leaves the held device working (${DIALECT})`, async () => {
  const { device } = await heldDevice();
  await assert.rejects(
    inTransaction(server.service.deps.db, async (tx) => {
      await tx.updateTable('devices').set({ token_hash: null }).where('id', '=', device.deviceId).execute();
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  assert.equal((await device.api.post('/v1/device/check-in', { apps })).status, 200);
});

test(
  'a held device disconnected by another connection to the database is refused within a millisecond (sqlite)',
  {
    skip: DIALECT !== 'sqlite',
  },
  async () => {
    const { device } = await heldDevice();
    const other = new DatabaseSync(server.databaseUrl.replace(/^sqlite:(\/\/)?/, ''));
    try {
      other.exec('pragma busy_timeout = 5000');
      other.prepare('update devices set token_hash = null where id = ?').run(device.deviceId);
    } finally {
      other.close();
    }
    await sleep(2);
    assert.equal((await device.api.post('/v1/device/check-in', { apps })).status, 401);
  },
);
