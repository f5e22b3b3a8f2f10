import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestDevice, TestServer } from '../support/server.ts';
import { Client } from '../support/http.ts';
import { SseReader } from '../support/sse.ts';

const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock, deliveryWindowMs: 3_600_000 })));
after(async () => server.close());

async function household() {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 2 });
  const device = await server.newDevice(customer, { name: 'Kitchen PC' });
  const sent = await server.send(customer, sub.id, [device.deviceId]);
  return { product, customer, sub, device, deliveryId: sent.body.results[0].delivery.id as string };
}

function assertNotFound(r: { status: number; body: any; headers: Headers }, label: string) {
  assert.equal(r.status, 404, label);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, label);
  assert.equal(r.body.code, 'NOT_FOUND', label);
  const revealed = JSON.stringify(r.body);
  assert.ok(!/Kitchen PC|pending|seats/.test(revealed), `${label} reveals nothing: ${revealed}`);
}

describe(`another customer's data (${DIALECT})`, () => {
  let a: Awaited<ReturnType<typeof household>>;
  let b: Customer;
  let bDevice: TestDevice;
  let bSub: { id: string };
  before(async () => {
    a = await household();
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

describe(`bad input (${DIALECT})`, () => {
  const cases: [string, string, string, unknown, string][] = [
    [
      'sign-up without email',
      'POST',
      '/v1/auth/sign-up',
      { password: 'long enough pw', name: 'x', country: 'DK', language: 'en' },
      '/email',
    ],
    [
      'sign-up bad email',
      'POST',
      '/v1/auth/sign-up',
      { email: 'nope', password: 'long enough pw', name: 'x', country: 'DK', language: 'en' },
      '/email',
    ],
    [
      'sign-up 3-letter country',
      'POST',
      '/v1/auth/sign-up',
      { email: 'a@b.dk', password: 'long enough pw', name: 'x', country: 'DNK', language: 'en' },
      '/country',
    ],
    ['unknown field', 'POST', '/v1/me/subscriptions', { activationCode: 'AAAAA-BBBBB', extra: 1 }, '/extra'],
    ['code of wrong type', 'POST', '/v1/me/subscriptions', { activationCode: 42 }, '/activationCode'],
    ['no device ids', 'POST', '/v1/me/subscriptions/x/deliveries', { deviceIds: [] }, '/deviceIds'],
    [
      'too many device ids',
      'POST',
      '/v1/me/subscriptions/x/deliveries',
      { deviceIds: Array.from({ length: 1001 }, (_, i) => `d${i}`) },
      '/deviceIds',
    ],
    ['empty device name', 'PATCH', '/v1/me/devices/x', { name: '' }, '/name'],
  ];
  test('each is a 400 problem naming the field, and writes nothing', async () => {
    const c = await server.newCustomer();
    const before = await server.service.deps.db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    for (const [label, method, path, body, pointer] of cases) {
      const r = await c.api.request(method, path, body);
      assert.equal(r.status, 400, label);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(r.body.code, 'VALIDATION_FAILED', label);
      assert.equal(r.body.pointer, pointer, label);
      assert.equal(r.headers.get('x-request-id'), r.body.requestId);
    }
    const operatorCases: [unknown, string][] = [
      [
        {
          product: 'p',
          kind: 'paid',
          renewal: 'auto',
          unit: 'device',
          seats: -1,
          expiresAt: '2030-01-01T00:00:00Z',
        },
        '/seats',
      ],
      [
        { product: 'p', kind: 'paid', renewal: 'auto', unit: 'device', seats: 1, expiresAt: 'tomorrow' },
        '/expiresAt',
      ],
      [
        {
          product: 'p',
          kind: 'gift',
          renewal: 'auto',
          unit: 'device',
          seats: 1,
          expiresAt: '2030-01-01T00:00:00Z',
        },
        '/kind',
      ],
    ];
    for (const [body, pointer] of operatorCases) {
      const r = await server.operator.post('/v1/operator/subscriptions', body);
      assert.equal(r.status, 400);
      assert.equal(r.body.pointer, pointer);
    }
    const badRange = await server.operator.post('/v1/operator/products', {
      id: 'bad-range',
      name: 'x',
      app: 'x',
      appVersions: 'banana',
      regions: [],
      business: false,
      perUserService: false,
    });
    assert.deepEqual([badRange.status, badRange.body.pointer], [400, '/appVersions']);
    const notJson = await fetch(`${server.url}/v1/device/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":',
    });
    assert.equal(notJson.status, 400);
    const after = await server.service.deps.db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    const unknown = await server.anonymous().post('/v1/nothing-here', {});
    assert.deepEqual([unknown.status, unknown.body.code], [404, 'NOT_FOUND']);
  });

  test('unauthenticated and wrongly authenticated calls are 401 problems', async () => {
    assert.equal((await server.anonymous().get('/v1/me/subscriptions')).body.code, 'UNAUTHENTICATED');
    assert.equal(
      (await new Client(server.url, { authorization: 'Bearer wrong' }).get('/v1/operator/products')).status,
      401,
    );
    assert.equal(
      (await new Client(server.url, { authorization: 'Bearer wrong' }).post('/v1/device/check-in', {}))
        .status,
      401,
    );
    const c = await server.newCustomer();
    assert.equal(
      (await c.api.get('/v1/operator/products')).status,
      401,
      'a customer cookie is no operator key',
    );
  });
});

describe(`CSRF and sessions (${DIALECT})`, () => {
  test('cookie-authenticated writes need our own Origin; GETs do not', async () => {
    const c = await server.newCustomer();
    const cookie = [...c.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const origin of [undefined, 'http://evil.example']) {
      const h: Record<string, string> = { cookie, 'content-type': 'application/json' };
      if (origin) h.origin = origin;
      const r = await fetch(`${server.url}/v1/me/connect-codes`, { method: 'POST', headers: h, body: '{}' });
      assert.equal(r.status, 403);
      assert.equal(((await r.json()) as any).code, 'CSRF_REJECTED');
    }
    assert.equal((await fetch(`${server.url}/v1/me`, { headers: { cookie } })).status, 200);
  });

  test('the session cookie is HttpOnly and SameSite; sign-out ends it', async () => {
    const c = await server.newCustomer();
    const r = await fetch(`${server.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: c.email, password: c.password }),
    });
    const session = r.headers.getSetCookie().find((s) => s.startsWith('seatpost.session_token='))!;
    assert.match(session, /HttpOnly/i);
    assert.match(session, /SameSite=Lax/i);
    assert.equal((await c.api.post('/v1/auth/sign-out')).status, 204);
    assert.equal((await c.api.get('/v1/me')).status, 401);
  });
});

describe(`connect codes and device tokens (${DIALECT})`, () => {
  test('a code works once, within 10 minutes, and is stored hashed', async () => {
    const c = await server.newCustomer();
    const code = await server.connectCode(c);
    assert.match(code, /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    const stored = await server.service.deps.db
      .selectFrom('connect_codes')
      .selectAll()
      .where('account_id', '=', c.id)
      .execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(code.replace('-', '')));
    const connect = (codeText: string) =>
      server
        .anonymous()
        .post('/v1/device/connect', { code: codeText, name: 'PC', platform: 'windows', apps: [] });
    assert.equal((await connect(code.toLowerCase())).status, 201);
    assert.equal((await connect(code)).body.code, 'CONNECT_CODE_INVALID');
    const late = await server.connectCode(c);
    clock.advance(10 * 60_000);
    assert.equal((await connect(late)).body.code, 'CONNECT_CODE_INVALID');
  });

  test('a disconnected device’s token is dead, its seat freed, its pending delivery cancelled', async () => {
    const { customer, sub, device, deliveryId } = await household();
    const d2 = await server.newDevice(customer);
    const s2 = await server.send(customer, sub.id, [d2.deviceId]);
    await d2.api.post(`/v1/device/deliveries/${s2.body.results[0].delivery.id}/complete`);
    assert.deepEqual((await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats, {
      total: 2,
      used: 1,
      reserved: 1,
    });
    assert.equal((await customer.api.delete(`/v1/me/devices/${device.deviceId}`)).status, 204);
    assert.equal((await customer.api.delete(`/v1/me/devices/${d2.deviceId}`)).status, 204);
    assert.deepEqual((await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats, {
      total: 2,
      used: 0,
      reserved: 0,
    });
    assert.equal((await customer.api.get(`/v1/me/deliveries/${deliveryId}`)).body.status, 'cancelled');
    assert.equal((await device.api.post('/v1/device/check-in', {})).status, 401);
    const stored = await server.service.deps.db
      .selectFrom('devices')
      .select('token_hash')
      .where('id', '=', d2.deviceId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.token_hash, null);
  });

  test('failed redemptions are limited per client address', async () => {
    const s = await startTestServer({ settings: { connectFailuresPerWindow: 3 } });
    try {
      const c = await s.newCustomer();
      for (let i = 0; i < 3; i++)
        assert.equal(
          (
            await s
              .anonymous()
              .post('/v1/device/connect', { code: 'WRONG-CODE9', name: 'x', platform: 'x', apps: [] })
          ).status,
          400,
        );
      const good = await s.connectCode(c);
      const limited = await s
        .anonymous()
        .post('/v1/device/connect', { code: good, name: 'x', platform: 'x', apps: [] });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    } finally {
      await s.close();
    }
  });
});

describe(`undo, idempotency and the delivery window (${DIALECT})`, () => {
  test('Undo send cancels, tells the device, frees the seat; undo of a final delivery is refused', async () => {
    const { customer, sub, device, deliveryId } = await household();
    const stream = new SseReader(`${server.url}/v1/device/events`, {
      authorization: `Bearer ${device.token}`,
    });
    await stream.status;
    assert.equal(
      (await device.api.post(`/v1/device/deliveries/${deliveryId}/action-required`)).body.status,
      'action_required',
    );
    const undone = await customer.api.post(`/v1/me/deliveries/${deliveryId}/undo`);
    assert.equal(undone.body.status, 'cancelled');
    await stream.next((e) => e.data.delivery.id === deliveryId && e.data.delivery.status === 'cancelled');
    assert.deepEqual((await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats.reserved, 0);
    const again = await customer.api.post(`/v1/me/deliveries/${deliveryId}/undo`);
    assert.deepEqual([again.status, again.body.code], [409, 'DELIVERY_FINAL']);
    assert.equal(
      (await device.api.post(`/v1/device/deliveries/${deliveryId}/complete`)).body.code,
      'DELIVERY_FINAL',
    );
    stream.close();
  });

  test('Idempotency-Key: a retried send answers the same and sends once; another body with the key is refused', async () => {
    const product = await server.createProduct();
    const c = await server.newCustomer();
    const sub = await server.subscriptionFor(c, { product: product.id });
    const d = await server.newDevice(c);
    const key = { 'idempotency-key': 'send-1' };
    const [first, second] = await Promise.all([
      server.send(c, sub.id, [d.deviceId], key),
      server.send(c, sub.id, [d.deviceId], key),
    ]);
    assert.deepEqual(first.body, second.body);
    assert.ok(first.body.results[0].delivery);
    const other = await server.send(c, sub.id, [d.deviceId, 'x'], key);
    assert.deepEqual([other.status, other.body.code], [422, 'IDEMPOTENCY_KEY_REUSED']);
    const count = await server.service.deps.db
      .selectFrom('deliveries')
      .select('id')
      .where('subscription_id', '=', sub.id)
      .execute();
    assert.equal(count.length, 1);
  });

  test('a delivery not completed within the window reads expired at once and frees its seat', async () => {
    const product = await server.createProduct();
    const c = await server.newCustomer();
    const sub = await server.subscriptionFor(c, { product: product.id, seats: 1 });
    const d1 = await server.newDevice(c);
    const d2 = await server.newDevice(c);
    const first = (await server.send(c, sub.id, [d1.deviceId])).body.results[0].delivery;
    assert.deepEqual((await server.send(c, sub.id, [d2.deviceId])).body.results[0].reasons, [
      'NO_FREE_SLOTS',
    ]);
    clock.advance(3_600_000 - 1);
    assert.equal((await c.api.get(`/v1/me/deliveries/${first.id}`)).body.status, 'pending');
    clock.advance(1);
    assert.equal((await c.api.get(`/v1/me/deliveries/${first.id}`)).body.status, 'expired');
    assert.deepEqual((await c.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats, {
      total: 1,
      used: 0,
      reserved: 0,
    });
    assert.deepEqual((await d1.api.post('/v1/device/check-in', {})).body.deliveries, []);
    assert.equal(
      (await d1.api.post(`/v1/device/deliveries/${first.id}/complete`)).body.code,
      'DELIVERY_FINAL',
    );
    assert.ok(
      (await server.send(c, sub.id, [d2.deviceId])).body.results[0].delivery,
      'the freed seat can be sent',
    );
  });
});
