import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEVICE_CODE_GRANT_TYPE } from '../../src/domain/device-flow.ts';
import {
  AUTHORIZATIONS_PER_HOUR,
  DEVICE_FLOW_SETTINGS,
  INTERVAL_MS,
  PER_ACCOUNT,
  PER_ADDRESS,
  ShiftedClock,
  TTL_MS,
  approve,
  assertOAuthError,
  deviceClient,
} from '../support/device-flow.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/** RFC 8628's errors, each by direct form POSTs: the token endpoint's answers and the guessing limits. */

let server: TestServer;
const clock = new ShiftedClock();
let device: ReturnType<typeof deviceClient>;

before(async () => {
  server = await startTestServer({ clock, settings: DEVICE_FLOW_SETTINGS });
  device = deviceClient(server.url);
});
after(async () => server.close());

describe(`RFC 8628 device authorization: errors and limits (${DIALECT})`, () => {
  test('authorization_pending, then slow_down when polled too fast, the interval growing by 5 s each time', async () => {
    const started = await device.authorize();
    clock.freeze();
    try {
      assertOAuthError(await device.poll(started.device_code), 'authorization_pending');
      assertOAuthError(await device.poll(started.device_code), 'slow_down');
      // The interval is now 5.2 s: waiting the first interval is no longer enough.
      clock.advance(INTERVAL_MS * 2);
      assertOAuthError(await device.poll(started.device_code), 'slow_down');
      // And now 10.2 s.
      clock.advance(6_000);
      assertOAuthError(await device.poll(started.device_code), 'slow_down');
      clock.advance(16_000);
      assertOAuthError(await device.poll(started.device_code), 'authorization_pending');
    } finally {
      clock.thaw();
    }
  });

  test('expired_token once the code has expired; the portal no longer finds it', async () => {
    const customer = await server.newCustomer();
    const started = await device.authorize();
    clock.advance(TTL_MS);
    assertOAuthError(await device.poll(started.device_code), 'expired_token');
    const late = await approve(customer, started.user_code);
    assert.equal(late.status, 404);
  });

  test('an approved code polled twice at once gives one token; the other poll gets invalid_grant', async () => {
    const customer = await server.newCustomer();
    const started = await device.authorize({ device_name: 'Twin' });
    assert.equal((await approve(customer, started.user_code)).status, 200);
    const answers = await Promise.all([device.poll(started.device_code), device.poll(started.device_code)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 400]);
    assertOAuthError(
      answers.find((a) => a.status === 400)!,
      'invalid_grant',
    );
    const devices = await customer.api.get('/v1/me/devices');
    assert.equal(devices.body.devices.filter((d: { name: string }) => d.name === 'Twin').length, 1);
  });

  test('access_denied after the person denies it', async () => {
    const customer = await server.newCustomer();
    const started = await device.authorize({ device_name: 'Unknown box' });
    const denied = await customer.api.post('/v1/me/device-authorizations/deny', {
      userCode: started.user_code,
    });
    assert.equal(denied.status, 200, JSON.stringify(denied.body));
    assertOAuthError(await device.poll(started.device_code), 'access_denied');
    assertOAuthError(await device.poll(started.device_code), 'access_denied');
  });

  test('invalid_client, invalid_grant, unsupported_grant_type and invalid_request, as RFC 6749 §5.2', async () => {
    assertOAuthError(
      await device.form('/v1/oauth/device_authorization', { client_id: 'someone-else' }),
      'invalid_client',
    );
    assertOAuthError(await device.form('/v1/oauth/device_authorization', {}), 'invalid_request');
    const started = await device.authorize();
    assertOAuthError(await device.poll(started.device_code, { client_id: 'someone-else' }), 'invalid_client');
    assertOAuthError(await device.poll('not-a-device-code'), 'invalid_grant');
    assertOAuthError(
      await device.form('/v1/oauth/token', {
        grant_type: 'client_credentials',
        client_id: 'seatpost-device',
      }),
      'unsupported_grant_type',
    );
    assertOAuthError(
      await device.form('/v1/oauth/token', {
        grant_type: DEVICE_CODE_GRANT_TYPE,
        client_id: 'seatpost-device',
      }),
      'invalid_request',
    );
    // A parameter twice, and JSON instead of a form.
    const twice = await fetch(`${server.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=${encodeURIComponent(DEVICE_CODE_GRANT_TYPE)}&device_code=a&device_code=b&client_id=seatpost-device`,
    });
    assert.equal(twice.status, 400);
    assert.equal(((await twice.json()) as { error: string }).error, 'invalid_request');
    const json = await fetch(`${server.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: started.device_code }),
    });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: string }).error, 'invalid_request');
  });

  test('guessed user codes are limited per account and per client address (RFC 8628 §5.1)', async () => {
    const started = await device.authorize();
    const guesser = await server.newCustomer();
    const wrong = ['BBBB-BBBB', 'CCCC-CCCC', 'DDDD-DDDD', 'FFFF-FFFF', 'GGGG-GGGG', 'HHHH-HHHH'];
    // Not a code at all: refused without counting.
    const malformed = await guesser.api.post('/v1/me/device-authorizations/lookup', {
      userCode: 'AEIO-U123',
    });
    assert.equal(malformed.status, 400);
    for (const code of wrong.slice(0, PER_ACCOUNT))
      assert.equal(
        (await guesser.api.post('/v1/me/device-authorizations/lookup', { userCode: code })).status,
        404,
      );
    const limited = await guesser.api.post('/v1/me/device-authorizations/lookup', {
      userCode: started.user_code,
    });
    assert.equal(limited.status, 429, JSON.stringify(limited.body));
    assert.equal(limited.body.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);

    // Another account on the same address: the address's budget (which earlier tests' misses
    // used some of) runs out before this account's own.
    const second = await server.newCustomer();
    let tries = 0;
    for (const code of wrong) {
      const r = await second.api.post('/v1/me/device-authorizations/lookup', { userCode: code });
      if (r.status === 429) break;
      assert.equal(r.status, 404);
      tries++;
    }
    assert.ok(tries <= PER_ADDRESS - PER_ACCOUNT, `refused after ${tries} misses`);
    const byAddress = await second.api.post('/v1/me/device-authorizations/approve', {
      userCode: started.user_code,
    });
    assert.equal(byAddress.status, 429);
    // The code itself was never approved.
    assertOAuthError(await device.poll(started.device_code), 'authorization_pending');
  });

  test('device authorization requests are limited per client address', async () => {
    const ask = () => device.form('/v1/oauth/device_authorization', { client_id: 'seatpost-device' });
    let answer = await ask();
    for (let i = 0; i < AUTHORIZATIONS_PER_HOUR && answer.status === 200; i++) answer = await ask();
    assertOAuthError(answer, 'slow_down', 429);
    assert.ok(Number(answer.headers.get('retry-after')) > 0);
  });
});
