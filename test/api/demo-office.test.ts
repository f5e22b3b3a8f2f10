import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureDemoOffice } from '../../src/app/demo/demo-office.ts';
import { createProduct } from '../../src/app/operator/operator.ts';
import { startDemoFleet } from '../../src/demo-fleet.ts';
import { Client } from '../support/http.ts';
import { DIALECT, startTestServer } from '../support/server.ts';

/**
 * The demo reaches the console (issue 19, item 3): the demo account administers a small office
 * whose managed devices, played by the demo fleet, complete what the console sends them.
 */
test(`the demo office: its admin sends from the console and its devices complete (${DIALECT})`, async () => {
  const server = await startTestServer();
  const dir = mkdtempSync(join(tmpdir(), 'seatpost-office-'));
  let stop = async () => {};
  try {
    await createProduct(server.service.deps, {
      id: 'seatpost-small-office',
      name: 'Seatpost Small Office Security',
      app: 'seatpost-security',
      appVersions: '>=21.0.0 <23',
      regions: [],
      business: true,
      perUserService: false,
    });
    const admin = await server.newCustomer();
    const opts = { email: admin.email, dataDir: dir, publicUrl: server.url };
    const office = await ensureDemoOffice(server.service.deps, opts);
    assert.equal(office?.devices.length, 4);
    // A later start finds it and makes no second office.
    assert.deepEqual(await ensureDemoOffice(server.service.deps, opts), office);
    stop = startDemoFleet(server.url, office.devices, () => {});

    const api = new Client(server.url, { origin: server.url });
    const signedIn = await api.post('/v1/auth/sign-in', { email: admin.email, password: admin.password });
    assert.equal(signedIn.status, 200);
    const orgs = await api.get('/v1/console/organizations');
    assert.deepEqual(
      orgs.body.organizations.map((o: { name: string; role: string }) => [o.name, o.role]),
      [['Demo Office', 'admin']],
    );
    const base = `/v1/console/organizations/${orgs.body.organizations[0].id}`;
    const subs = await api.get(`${base}/subscriptions`);
    assert.equal(subs.body.subscriptions.length, 1);
    const sub = subs.body.subscriptions[0].id as string;
    const eligibility = await api.get(`${base}/subscriptions/${sub}/eligibility`);
    assert.ok(eligibility.body.devices.every((d: { eligible: boolean }) => d.eligible));
    const sent = await api.post(`${base}/subscriptions/${sub}/deliveries`, {
      deviceIds: eligibility.body.devices.map((d: { deviceId: string }) => d.deviceId),
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));

    const deadline = Date.now() + 20_000;
    for (;;) {
      const detail = await api.get(`${base}/subscriptions/${sub}`);
      const statuses = detail.body.devices.map((d: { status: string }) => d.status);
      if (statuses.length === 4 && statuses.every((s: string) => s === 'completed')) break;
      assert.ok(Date.now() < deadline, `not all completed: ${statuses.join(', ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // The seeding's enrolments are in the log, and where an address belongs it shows none, not a label.
    const audit = await api.get(`${base}/audit`);
    const enrolments = audit.body.entries.filter((e: { action: string }) => e.action === 'device.enroll');
    assert.equal(enrolments.length, 4);
    assert.ok(enrolments.every((e: { ip: string | null }) => e.ip === null));
  } finally {
    await stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
