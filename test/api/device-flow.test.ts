import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { DEVICE_CODE_GRANT_TYPE } from '../../src/domain/device-flow.ts';
import {
  DEVICE_FLOW_SETTINGS,
  INTERVAL_MS,
  ShiftedClock,
  TTL_MS,
  approve,
  assertOAuthError,
  deviceClient,
} from '../support/device-flow.ts';
import { consoleBase, newOrganization } from '../support/organizations.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/**
 * RFC 8628 end to end, driven by a client no one here wrote (openid-client v6), with the portal's
 * approval made through HTTP by a signed-in person, then the token used on the device API. Each
 * of the RFC's errors by direct calls: device-flow.errors.test.ts.
 */

let server: TestServer;
const clock = new ShiftedClock();
let device: ReturnType<typeof deviceClient>;

before(async () => {
  server = await startTestServer({ clock, settings: DEVICE_FLOW_SETTINGS });
  device = deviceClient(server.url);
});
after(async () => server.close());

describe(`RFC 8628 device authorization (${DIALECT})`, () => {
  test('the RFC 8414 metadata names the endpoints and the grant, with the public URL as issuer', async () => {
    const r = await server.anonymous().get('/.well-known/oauth-authorization-server');
    assert.equal(r.status, 200);
    assert.equal(r.body.issuer, server.url);
    assert.equal(r.body.device_authorization_endpoint, `${server.url}/v1/oauth/device_authorization`);
    assert.equal(r.body.token_endpoint, `${server.url}/v1/oauth/token`);
    assert.ok(r.body.grant_types_supported.includes(DEVICE_CODE_GRANT_TYPE));
  });

  test('openid-client links a device end to end: code, approval in the portal, token, check-in', async () => {
    const customer = await server.newCustomer();
    const config = await oidc.discovery(new URL(server.url), 'seatpost-device', undefined, oidc.None(), {
      algorithm: 'oauth2',
      execute: [oidc.allowInsecureRequests],
    });
    const started = await oidc.initiateDeviceAuthorization(config, {
      device_name: 'Living room TV',
      platform: 'linux',
    });
    assert.match(started.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.equal(started.verification_uri, `${server.url}/device`);
    assert.equal(started.verification_uri_complete, `${server.url}/device?user_code=${started.user_code}`);
    assert.equal(started.expires_in, TTL_MS / 1000);
    assert.equal(started.interval, INTERVAL_MS / 1000);

    const polling = oidc.pollDeviceAuthorizationGrant(config, started);
    // The person types the code as they like: lowercase, without the hyphen.
    const typed = started.user_code.replace('-', '').toLowerCase();
    const seen = await customer.api.post('/v1/me/device-authorizations/lookup', { userCode: typed });
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.equal(seen.body.userCode, started.user_code);
    assert.equal(seen.body.deviceName, 'Living room TV');
    assert.equal(seen.body.platform, 'linux');
    assert.deepEqual(seen.body.organizations, []);
    // Not approved yet: the client keeps polling (authorization_pending) meanwhile.
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 3));
    const approved = await approve(customer, typed);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'approved');

    const tokens = await polling;
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(typeof tokens.access_token, 'string');
    const deviceId = tokens.device_id as string;

    const checkIn = await fetch(`${server.url}/v1/device/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apps: [{ app: 'seatpost-security', version: '22.1.0' }] }),
    });
    assert.equal(checkIn.status, 200);
    const devices = await customer.api.get('/v1/me/devices');
    const listed = devices.body.devices.find((d: { id: string }) => d.id === deviceId);
    assert.equal(listed?.name, 'Living room TV');
    assert.equal(listed?.platform, 'linux');

    // The device code works once.
    assertOAuthError(await device.poll(started.device_code), 'invalid_grant');
  });

  test('an admin approves into the organization (a managed device); a member may not', async () => {
    const { org, admin, member } = await newOrganization(server, 'Device Flow ApS');
    const started = await device.authorize({ device_name: 'Reception NAS', platform: 'linux' });
    const seen = await admin.api.post('/v1/me/device-authorizations/lookup', { userCode: started.user_code });
    assert.deepEqual(seen.body.organizations, [{ id: org, name: 'Device Flow ApS' }]);

    const refused = await approve(member, started.user_code, org);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'FORBIDDEN');
    const stranger = await server.newCustomer();
    assert.equal((await approve(stranger, started.user_code, org)).status, 404);

    assert.equal((await approve(admin, started.user_code, org)).status, 200);
    const r = await device.poll(started.device_code);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.token_type, 'Bearer');
    const managed = await admin.api.get(`${consoleBase(org)}/devices`);
    assert.equal(managed.status, 200);
    assert.ok(
      JSON.stringify(managed.body).includes(r.body.device_id),
      'a managed device of the organization',
    );
    // Decided: nobody can decide it again.
    assert.equal((await approve(admin, started.user_code)).status, 404);
  });

  test('the portal calls need a session and the portal origin', async () => {
    const anonymous = await server
      .anonymous()
      .post('/v1/me/device-authorizations/lookup', { userCode: 'BCDF-GHJK' });
    assert.equal(anonymous.status, 401);
    const customer = await server.newCustomer();
    const crossSite = await customer.api.post(
      '/v1/me/device-authorizations/approve',
      { userCode: 'BCDF-GHJK' },
      { origin: 'https://evil.example' },
    );
    assert.equal(crossSite.status, 403);
    assert.equal(crossSite.body.code, 'CSRF_REJECTED');
  });
});
