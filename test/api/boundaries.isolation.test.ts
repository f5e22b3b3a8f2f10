import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { boundariesClock, household, startBoundariesServer } from '../support/boundaries.ts';
import type { Household } from '../support/boundaries.ts';
import { DIALECT } from '../support/server.ts';
import type { Customer, TestDevice, TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';

const clock = boundariesClock();
let server: TestServer;
before(async () => (server = await startBoundariesServer(clock)));
after(async () => server.close());

function assertNotFound(r: { status: number; body: any; headers: Headers }, label: string) {
  assert.equal(r.status, 404, label);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, label);
  assert.equal(r.body.code, 'NOT_FOUND', label);
  const revealed = JSON.stringify(r.body);
  assert.ok(!/Kitchen PC|pending|seats/.test(revealed), `${label} reveals nothing: ${revealed}`);
}

describe(`another customer's data (${DIALECT})`, () => {
  let a: Household;
  let b: Customer;
  let bDevice: TestDevice;
  let bSub: { id: string };
  before(async () => {
    a = await household(server);
    b = await server.newCustomer();
    bSub = await server.subscriptionFor(b, { product: a.product.id });
    bDevice = await server.newDevice(b);
  });

  test('every customer endpoint answers 404 for the other customer’s ids, exactly as for ids that do not exist', async () => {
    const calls: [string, (id: { sub: string; delivery: string; device: string }) => Promise<any>][] = [
      ['GET subscription', (x) => b.api.get(`/v1/me/subscriptions/${x.sub}`)],
      ['GET eligibility', (x) => b.api.get(`/v1/me/subscriptions/${x.sub}/eligibility`)],
      [
        'POST deliveries',
        (x) => b.api.post(`/v1/me/subscriptions/${x.sub}/deliveries`, { deviceIds: [x.device] }),
      ],
      ['GET delivery', (x) => b.api.get(`/v1/me/deliveries/${x.delivery}`)],
      ['POST undo', (x) => b.api.post(`/v1/me/deliveries/${x.delivery}/undo`)],
      ['PATCH device', (x) => b.api.patch(`/v1/me/devices/${x.device}`, { name: 'Taken over' })],
      ['DELETE device', (x) => b.api.delete(`/v1/me/devices/${x.device}`)],
    ];
    for (const [label, call] of calls) {
      const theirs = await call({ sub: a.sub.id, delivery: a.deliveryId, device: a.device.deviceId });
      const nobody = await call({ sub: 'no-such-id', delivery: 'no-such-id', device: 'no-such-id' });
      assertNotFound(theirs, `${label} (someone else's)`);
      assertNotFound(nobody, `${label} (nonexistent)`);
      assert.deepEqual(
        { ...theirs.body, requestId: 0, detail: 0 },
        { ...nobody.body, requestId: 0, detail: 0 },
        `${label}: same answer`,
      );
    }
    const detail = await a.customer.api.get(`/v1/me/subscriptions/${a.sub.id}`);
    assert.deepEqual(
      detail.body.devices.map((d: any) => [d.name, d.status]),
      [['Kitchen PC', 'pending']],
      'A’s things are unchanged',
    );
  });

  test('sending to someone else’s device is "not connected", and makes nothing', async () => {
    const r = await server.send(b, bSub.id, [a.device.deviceId]);
    assert.deepEqual(r.body.results, [{ deviceId: a.device.deviceId, reasons: ['DEVICE_NOT_CONNECTED'] }]);
    assert.deepEqual(
      (await b.api.get('/v1/me/devices')).body.devices.map((d: any) => d.id),
      [bDevice.deviceId],
    );
    assert.deepEqual(
      (await b.api.get('/v1/me/subscriptions')).body.subscriptions.map((s: any) => s.id),
      [bSub.id],
    );
  });

  test('another account’s activation code is in use; a device token reaches only its own deliveries', async () => {
    const issued = await server.issueSubscription({ product: a.product.id });
    assert.equal(
      (await a.customer.api.post('/v1/me/subscriptions', { activationCode: issued.activationCode })).status,
      201,
    );
    const taken = await b.api.post('/v1/me/subscriptions', { activationCode: issued.activationCode });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'ACTIVATION_CODE_IN_USE');
    for (const action of ['ack', 'action-required', 'complete']) {
      assertNotFound(
        await bDevice.api.post(`/v1/device/deliveries/${a.deliveryId}/${action}`),
        `device ${action}`,
      );
    }
  });

  test('the other customer’s live events never reach you', async () => {
    const stream = new SseReader(`${server.url}/v1/me/events`, {
      cookie: [...b.api.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    });
    assert.equal(await stream.status, 200);
    const d2 = await server.newDevice(a.customer);
    await server.send(a.customer, a.sub.id, [d2.deviceId]);
    // A sentinel: B's own send, made after A's, certainly reaches B's stream. Had A's event
    // leaked, it would have been written before it; the sentinel arrives alone.
    const own = await server.send(b, bSub.id, [bDevice.deviceId]);
    const ownId = own.body.results[0].delivery.id as string;
    const sentinel = await stream.next((e) => e.data.delivery?.id === ownId);
    assert.deepEqual(stream.events, [sentinel]);
    stream.close();
  });
});
