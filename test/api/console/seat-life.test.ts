import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  consoleBase as base,
  cookieOf,
  managedDevice,
  newOrganization,
} from '../../support/organizations.ts';
import { Client } from '../../support/http.ts';
import { SseReader } from '../../support/sse.ts';
import { DIALECT, ManualClock, startTestServer } from '../../support/server.ts';
import type { Customer, TestServer } from '../../support/server.ts';

/**
 * The life of a managed device's seat in the console (issue 15): silent devices and Keep,
 * look-alikes to merge, and the pre-flight's remedies taken from the console (replace, reserve).
 * Admins only: a member is refused (403), another organization's admin finds nothing (404).
 */
const DAY = 86_400_000;
const clock = new ManualClock(new Date('2027-03-01T09:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

type Managed = Awaited<ReturnType<typeof managedDevice>>;

/** Sent from the console and completed by the device: the device holds a seat. */
async function holds(admin: Customer, org: string, subscriptionId: string, device: Managed) {
  const sent = await admin.api.post(`${base(org)}/subscriptions/${subscriptionId}/deliveries`, {
    deviceIds: [device.deviceId],
  });
  const delivery = sent.body.results[0].delivery;
  assert.ok(delivery, JSON.stringify(sent.body));
  assert.equal((await device.api.post(`/v1/device/deliveries/${delivery.id}/complete`)).status, 200);
}

const currentOn = async (device: Managed): Promise<string[]> =>
  (await device.api.get('/v1/device/subscriptions')).body.subscriptions.map((s: any) => s.subscriptionId);

/** A managed device connected with a hardware hint (an app without a key). */
async function hinted(admin: Customer, org: string, name: string, hardwareId: string) {
  const code = (await admin.api.post(`${base(org)}/connect-codes`, {})).body.code;
  const r = await server.anonymous().post('/v1/device/connect', {
    code,
    name,
    platform: 'windows',
    apps: [{ app: 'seatpost-security', version: '22.1.0' }],
    hardwareId,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return {
    deviceId: r.body.deviceId as string,
    api: new Client(server.url, { authorization: `Bearer ${r.body.token}` }),
  };
}

test(`only the organization's admins see silent devices and look-alikes, and keep (${DIALECT})`, async () => {
  const { org, admin, member } = await newOrganization(server, 'Only Admins ApS');
  const other = await newOrganization(server, 'Other Office ApS');
  const pc = await managedDevice(server, org, admin, { name: 'Front desk' });
  const calls = [
    ['GET', `${base(org)}/silent-devices`],
    ['GET', `${base(org)}/look-alike-devices`],
    ['POST', `${base(org)}/devices/${pc.deviceId}/keep`],
  ] as const;
  for (const [method, path] of calls) {
    const asMember = method === 'GET' ? await member.api.get(path) : await member.api.post(path);
    assert.equal(asMember.status, 403, `${method} ${path} as a member`);
    assert.equal(asMember.body.code, 'FORBIDDEN');
    const asStranger = method === 'GET' ? await other.admin.api.get(path) : await other.admin.api.post(path);
    assert.equal(asStranger.status, 404, `${method} ${path} as another organization's admin`);
  }
  // Another organization's admin, in their own console, cannot keep this organization's device.
  const across = await other.admin.api.post(`${base(other.org)}/devices/${pc.deviceId}/keep`);
  assert.equal(across.status, 404);
  assert.equal(across.body.code, 'NOT_FOUND');
  const audit = await admin.api.get(`${base(org)}/audit?action=device.keep`);
  assert.deepEqual(audit.body.entries, []);
});

test(`a silent managed device: listed with the date its seat frees, kept by an admin, audited (${DIALECT})`, async () => {
  const { org, admin, product, subscription } = await newOrganization(server, 'Quiet Corner ApS');
  const set = await server.operator.patch(`/v1/operator/products/${product.id}`, { inactiveAfter: '55d' });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  const quiet = await managedDevice(server, org, admin, { name: 'Back office PC' });
  const busy = await managedDevice(server, org, admin, { name: 'Reception PC' });
  await holds(admin, org, subscription.id, quiet);
  await holds(admin, org, subscription.id, busy);
  assert.deepEqual((await admin.api.get(`${base(org)}/silent-devices`)).body, { devices: [] });

  clock.advance(41 * DAY);
  assert.equal((await busy.api.post('/v1/device/check-in', {})).status, 200);
  await server.service.deps.lastSeen.flush(); // what its 2-second timer does
  const listed = await admin.api.get(`${base(org)}/silent-devices`);
  assert.equal(listed.status, 200);
  assert.equal(listed.body.devices.length, 1, JSON.stringify(listed.body));
  const [silent] = listed.body.devices;
  assert.equal(silent.deviceId, quiet.deviceId);
  assert.equal(silent.name, 'Back office PC');
  assert.equal(silent.lastSeenDaysAgo, 41);
  assert.deepEqual(silent.products, [{ id: product.id, name: product.name }]);
  assert.equal(Date.parse(silent.endsAt) - Date.parse(silent.lastSeenAt), 55 * DAY);

  const kept = await admin.api.post(`${base(org)}/devices/${quiet.deviceId}/keep`);
  assert.equal(kept.status, 200, JSON.stringify(kept.body));
  assert.deepEqual(kept.body, { deviceId: quiet.deviceId, keptAt: clock.now().toISOString() });
  assert.deepEqual((await admin.api.get(`${base(org)}/silent-devices`)).body, { devices: [] });
  const audit = await admin.api.get(`${base(org)}/audit?action=device.keep`);
  assert.equal(audit.body.entries.length, 1);
  assert.equal(audit.body.entries[0].targetId, quiet.deviceId);
  assert.equal(audit.body.entries[0].detail.name, 'Back office PC');
  // Still holding its seat: keeping changes nothing but the silence.
  assert.deepEqual(await currentOn(quiet), [subscription.id]);
  // A device the organization no longer has cannot be kept.
  await admin.api.delete(`${base(org)}/devices/${busy.deviceId}`);
  assert.equal((await admin.api.post(`${base(org)}/devices/${busy.deviceId}/keep`)).status, 404);
});

test(`look-alikes of the organization only; a merge from the console keeps the newer and ends the suggestion (${DIALECT})`, async () => {
  const { org, admin, subscription } = await newOrganization(server, 'Twins ApS');
  const other = await newOrganization(server, 'Elsewhere ApS');
  const oldInstall = await hinted(admin, org, 'Design Mac (old install)', 'serial-7');
  const older = oldInstall.deviceId;
  clock.advance(1000);
  const kept = await hinted(admin, org, 'Design Mac', 'serial-7');
  const newer = kept.deviceId;
  await hinted(admin, org, 'Workshop PC', 'serial-8');
  await hinted(other.admin, other.org, 'Their Mac', 'serial-7');

  const listed = await admin.api.get(`${base(org)}/look-alike-devices`);
  assert.equal(listed.status, 200);
  assert.deepEqual(
    listed.body.lookAlikes.map((g: any) => [
      g.hardwareId,
      g.keep.id,
      g.keep.name,
      g.duplicates.map((d: any) => d.name),
    ]),
    [['serial-7', newer, 'Design Mac', ['Design Mac (old install)']]],
  );
  assert.deepEqual(listed.body.lookAlikes[0].duplicates[0].id, older);
  assert.deepEqual((await other.admin.api.get(`${base(other.org)}/look-alike-devices`)).body, {
    lookAlikes: [],
  });

  // The older install holds a seat: it moves to the one kept, and the seat count stays one.
  await holds(admin, org, subscription.id, oldInstall);
  const merged = await admin.api.post(`${base(org)}/devices/${newer}/merge`, { duplicateId: older });
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.equal(merged.body.keptDeviceId, newer);
  assert.equal(merged.body.movedActivations, 1);
  assert.deepEqual(await currentOn(kept), [subscription.id]);
  assert.equal((await admin.api.get(`${base(org)}/subscriptions/${subscription.id}`)).body.seats.used, 1);
  assert.deepEqual((await admin.api.get(`${base(org)}/look-alike-devices`)).body, { lookAlikes: [] });
  const audit = await admin.api.get(`${base(org)}/audit?action=device.merge`);
  assert.equal(audit.body.entries.length, 1);
  assert.equal(audit.body.entries[0].detail.mergedDeviceId, older);
});

test(`the console takes the pre-flight's remedies: replace a seat holder, send as reserve (${DIALECT})`, async () => {
  const { org, admin, member, product } = await newOrganization(server, 'One Seat ApS');
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();
  const one = await server.issueSubscription({ product: product.id, organization: org, seats: 1 } as any);
  const old = await managedDevice(server, org, admin, { name: 'Old laptop' });
  const fresh = await managedDevice(server, org, admin, { name: 'New laptop' });
  await holds(admin, org, one.id, old);

  // The pre-flight offers to replace the seat holder, with when it was last seen.
  const pre = await admin.api.get(`${base(org)}/subscriptions/${one.id}/eligibility`);
  const judged = pre.body.devices.find((d: any) => d.deviceId === fresh.deviceId);
  assert.deepEqual(judged.reasons, ['NO_FREE_SLOTS']);
  assert.deepEqual(
    judged.remedies.map((r: any) => [r.kind, r.seatHolders.map((h: any) => [h.deviceId, h.name])]),
    [['replace', [[old.deviceId, 'Old laptop']]]],
  );
  // A member may not take it.
  const byMember = await member.api.post(`${base(org)}/subscriptions/${one.id}/deliveries`, {
    deviceIds: [fresh.deviceId],
    replaces: old.deviceId,
  });
  assert.equal(byMember.status, 200, JSON.stringify(byMember.body));
  assert.deepEqual(byMember.body.results, [
    { deviceId: fresh.deviceId, reasons: ['NO_FREE_SLOTS', 'NOT_SUBSCRIPTION_ADMIN'] },
  ]);
  // …and is offered none: the refusal that is not about seats has no one-step fix.
  const asMember = await member.api.get(`${base(org)}/subscriptions/${one.id}/eligibility`);
  assert.deepEqual(asMember.body.devices.find((d: any) => d.deviceId === fresh.deviceId).remedies, []);

  const replace = await admin.api.post(`${base(org)}/subscriptions/${one.id}/deliveries`, {
    deviceIds: [fresh.deviceId],
    replaces: old.deviceId,
  });
  assert.equal(replace.status, 200, JSON.stringify(replace.body));
  const delivery = replace.body.results[0].delivery;
  assert.ok(delivery, JSON.stringify(replace.body));
  // Until the new one completes, the old one keeps working and the seat count stays one.
  assert.deepEqual(await currentOn(old), [one.id]);
  assert.equal((await admin.api.get(`${base(org)}/subscriptions/${one.id}`)).body.seats.used, 1);
  assert.equal((await fresh.api.post(`/v1/device/deliveries/${delivery.id}/complete`)).status, 200);
  assert.deepEqual(await currentOn(old), []);
  assert.deepEqual(await currentOn(fresh), [one.id]);
  const history = await admin.api.get(`${base(org)}/subscriptions/${one.id}/seat-history`);
  assert.deepEqual(
    // The test's clock stands still, so both start at one instant: compared in name order.
    history.body.entries.map((e: any) => [e.deviceName, e.endedBecause]).sort(),
    [
      ['New laptop', null],
      ['Old laptop', 'replaced'],
    ],
  );

  // A renewal bought early: refused onto the limited one in use, offered as a reserve, sent so.
  const limited = await server.issueSubscription({
    product: product.id,
    organization: org,
    seats: 2,
    renewal: 'limited',
    expiresAt: at(30),
  } as any);
  const renewal = await server.issueSubscription({ product: product.id, organization: org, seats: 2 } as any);
  await holds(admin, org, limited.id, old);
  const early = await admin.api.get(`${base(org)}/subscriptions/${renewal.id}/eligibility`);
  const onOld = early.body.devices.find((d: any) => d.deviceId === old.deviceId);
  assert.deepEqual(
    onOld.remedies.map((r: any) => r.kind),
    ['reserve'],
  );
  const reserve = await admin.api.post(`${base(org)}/subscriptions/${renewal.id}/deliveries`, {
    deviceIds: [old.deviceId],
    reserve: true,
  });
  assert.equal(reserve.status, 200, JSON.stringify(reserve.body));
  assert.equal(reserve.body.results[0].reserve.status, 'waiting');
  assert.deepEqual(await currentOn(old), [limited.id]);
});

test(`a waiting reserve in the console: shown with when it starts, undone by an admin only (${DIALECT})`, async () => {
  const { org, admin, member, product } = await newOrganization(server, 'Early Renewal ApS');
  const other = await newOrganization(server, 'Not Theirs ApS');
  const endsAt = new Date(clock.now().getTime() + 30 * DAY).toISOString();
  const issue = (more: object) =>
    server.issueSubscription({ product: product.id, organization: org, seats: 2, ...more } as any);
  const limited = await issue({ renewal: 'limited', expiresAt: endsAt });
  const renewal = await issue({});
  const pc = await managedDevice(server, org, admin, { name: 'Reception PC' });
  await holds(admin, org, limited.id, pc);
  const sent = await admin.api.post(`${base(org)}/subscriptions/${renewal.id}/deliveries`, {
    deviceIds: [pc.deviceId],
    reserve: true,
  });
  const id = sent.body.results[0].reserve?.id;
  assert.ok(id, JSON.stringify(sent.body));

  // The subscription's answer carries it on the device's row, starting when the current one ends.
  const detailPath = `${base(org)}/subscriptions/${renewal.id}`;
  const row = async () =>
    (await admin.api.get(detailPath)).body.devices.find((d: any) => d.deviceId === pc.deviceId);
  const shown = await row();
  assert.deepEqual(
    [shown.active, shown.reserve.id, shown.reserve.status, shown.reserve.startsAt],
    [false, id, 'waiting', endsAt],
  );
  // A member sees it too, and may not undo it; another organization's admin finds nothing.
  const seen = (await member.api.get(detailPath)).body.devices.find((d: any) => d.deviceId === pc.deviceId);
  assert.equal(seen.reserve.id, id);
  const byMember = await member.api.post(`${base(org)}/reserves/${id}/undo`);
  assert.equal(byMember.status, 403);
  assert.equal(byMember.body.code, 'FORBIDDEN');
  for (const path of [`${base(other.org)}/reserves/${id}/undo`, `${base(org)}/reserves/${id}/undo`]) {
    const byStranger = await other.admin.api.post(path);
    assert.equal(byStranger.status, 404, path);
  }
  assert.equal((await row()).reserve.status, 'waiting');

  // The admin undoes it: gone from the answer, the seat plan freed (Send as reserve is offered
  // again), audited, and every open console of the organization is told to read again.
  const live = new SseReader(`${server.url}${base(org)}/events`, { cookie: cookieOf(member) });
  assert.equal(await live.status, 200);
  const undone = await admin.api.post(`${base(org)}/reserves/${id}/undo`);
  assert.equal(undone.status, 200, JSON.stringify(undone.body));
  assert.equal(undone.body.status, 'cancelled');
  await live.next((e) => e.event === 'refresh', 30_000);
  live.close();
  assert.equal(await row(), undefined);
  const again = await admin.api.get(`${detailPath}/eligibility`);
  const judged = again.body.devices.find((d: any) => d.deviceId === pc.deviceId);
  assert.deepEqual(
    judged.remedies.map((r: any) => [r.kind, r.startsAt]),
    [['reserve', endsAt]],
  );
  const twice = await admin.api.post(`${base(org)}/reserves/${id}/undo`);
  assert.equal(twice.status, 409);
  assert.equal(twice.body.code, 'RESERVE_FINAL');
  const audit = await admin.api.get(`${base(org)}/audit?action=reserve.undo`);
  assert.deepEqual(
    audit.body.entries.map((e: any) => [e.targetId, e.detail.deviceId]),
    [[id, pc.deviceId]],
  );
  assert.deepEqual(await currentOn(pc), [limited.id]);
});
