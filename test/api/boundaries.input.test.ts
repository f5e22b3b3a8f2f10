import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { boundariesClock, startBoundariesServer } from '../support/boundaries.ts';
import { DIALECT } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { Client } from '../support/http.ts';

const clock = boundariesClock();
let server: TestServer;
before(async () => (server = await startBoundariesServer(clock)));
after(async () => server.close());

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
