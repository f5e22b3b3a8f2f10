import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { currentActivations } from '../../src/store/activations.repository.ts';
import { devicesWithOpenDelivery } from '../../src/store/deliveries.repository.ts';
import { appsOf } from '../../src/store/device-apps.repository.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/**
 * An account with more devices than either engine takes placeholders in one statement (SQLite
 * 32,766, PostgreSQL 65,535): lists of devices are bound as one parameter, so the pre-flight and
 * a send still work, and every device is judged.
 */
const FLEET = 70_000;

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => server?.close());

/** Devices straight into the store (connecting 70,000 apps over HTTP would only slow the test). */
async function addFleet(accountId: string, count: number): Promise<string[]> {
  const db = server.service.deps.db;
  const now = new Date();
  const ids = Array.from({ length: count }, (_, i) => `fleet-${accountId}-${i}`);
  for (let i = 0; i < count; i += 1_000) {
    const chunk = ids.slice(i, i + 1_000);
    await db
      .insertInto('devices')
      .values(
        chunk.map((id) => ({
          id,
          account_id: accountId,
          organization_id: null,
          name: id,
          platform: 'windows',
          region: null,
          token_hash: `hash-of-${id}`,
          connected_at: now,
          disconnected_at: null,
          last_seen_at: now,
          group_name: null,
        })),
      )
      .execute();
    // Every tenth device lacks the app, so that the rules have something to say.
    const withApp = chunk.filter((_, k) => (i + k) % 10 !== 0);
    if (withApp.length > 0)
      await db
        .insertInto('device_apps')
        .values(withApp.map((id) => ({ device_id: id, app: 'seatpost-security', version: '22.1.0' })))
        .execute();
  }
  return ids;
}

test(`a fleet of ${FLEET.toLocaleString('en')} devices in one account: pre-flight, send and lookups by id list (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const product = await server.createProduct();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 3 });
  const ids = await addFleet(customer.id, FLEET);

  const pre = await customer.api.get(`/v1/me/subscriptions/${sub.id}/eligibility`);
  assert.equal(pre.status, 200, JSON.stringify(pre.body).slice(0, 300));
  const devices = pre.body.devices as { deviceId: string; eligible: boolean; reasons: string[] }[];
  assert.equal(devices.length, FLEET);
  const byId = new Map(devices.map((d) => [d.deviceId, d]));
  assert.deepEqual(byId.get(ids[0]!)!.reasons, ['APP_NOT_INSTALLED']);
  assert.equal(byId.get(ids[1]!)!.eligible, true);
  assert.equal(devices.filter((d) => d.eligible).length, FLEET - FLEET / 10);

  const sent = await customer.api.post(`/v1/me/subscriptions/${sub.id}/deliveries`, {
    deviceIds: [ids[1], ids[2], ids[10]],
  });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const results = sent.body.results as { deviceId: string; delivery?: unknown; reasons?: string[] }[];
  assert.ok(results.find((r) => r.deviceId === ids[1])!.delivery);
  assert.ok(results.find((r) => r.deviceId === ids[2])!.delivery);
  assert.deepEqual(results.find((r) => r.deviceId === ids[10])!.reasons, ['APP_NOT_INSTALLED']);

  // The store's lookups by a list of ids take the whole fleet in one statement.
  const db = server.service.deps.db;
  const apps = await appsOf(db, ids);
  assert.equal(apps.size, FLEET);
  assert.equal(apps.get(ids[0]!)!.length, 0);
  assert.deepEqual(apps.get(ids[1]!), [{ app: 'seatpost-security', version: '22.1.0' }]);
  const open = await devicesWithOpenDelivery(db, ids, new Date());
  assert.deepEqual([...open].sort(), [ids[1], ids[2]].sort());
  assert.deepEqual(await currentActivations(db, ids), []);
});
