import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useAgentServer } from '../../support/agent-server.ts';
import { consoleBase as base, newOrganization } from '../../support/organizations.ts';

describe('device agent against the server: enrolling with an enrolment key', () => {
  const ctx = useAgentServer();

  test('--enrollment-key enrols the device as a managed device of the organization, in the key’s group, and it receives a send', async () => {
    const { org, admin, subscription } = await newOrganization(ctx.server);
    const made = await admin.api.post(`${base(org)}/enrollment-keys`, { name: 'Tills', group: 'Shop' });
    assert.equal(made.status, 201);
    const statePath = join(ctx.dir, 'enrolled.json');
    const run = ctx.agent([
      '--server',
      ctx.server.url,
      '--enrollment-key',
      made.body.key,
      '--state',
      statePath,
      '--name',
      'Till 7',
      '--platform',
      'linux',
      '--once',
    ]);
    const connected = await run.waitFor('Connected as device ');
    const deviceId = connected.split(' ')[3]!;
    assert.equal(JSON.parse(readFileSync(statePath, 'utf8')).deviceId, deviceId);
    await run.waitFor('Listening for deliveries');

    const devices = (await admin.api.get(`${base(org)}/devices`)).body.devices as any[];
    assert.deepEqual(
      devices.map((d) => [d.id, d.name, d.group]),
      [[deviceId, 'Till 7', 'Shop']],
    );
    const sent = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [deviceId],
    });
    const deliveryId = sent.body.results[0].delivery.id as string;
    await run.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await run.exited, 0);
    const keys = (await admin.api.get(`${base(org)}/enrollment-keys`)).body.enrollmentKeys;
    assert.equal(keys[0].uses, 1);
  });

  test('--enrollment-config reads the seatpost-enrollment.json the console offers (server and key)', async () => {
    const { org, admin } = await newOrganization(ctx.server);
    const made = await admin.api.post(`${base(org)}/enrollment-keys`, { name: 'Config' });
    const config = join(ctx.dir, 'seatpost-enrollment.json');
    writeFileSync(config, JSON.stringify({ server: ctx.server.url, enrollmentKey: made.body.key }));
    const run = ctx.agent(['--enrollment-config', config, '--name', 'Kiosk']);
    await run.waitFor('Connected as device ');
    await run.waitFor('Listening for deliveries');
    const devices = (await admin.api.get(`${base(org)}/devices`)).body.devices as any[];
    assert.deepEqual(
      devices.map((d) => d.name),
      ['Kiosk'],
    );
    assert.equal(await run.stop(), 0);
  });

  test('a key that is not valid: says so in plain words and exits 1', async () => {
    const { org, admin } = await newOrganization(ctx.server);
    const made = await admin.api.post(`${base(org)}/enrollment-keys`, { name: 'Gone' });
    await admin.api.delete(`${base(org)}/enrollment-keys/${made.body.id}`);
    const run = ctx.agent(['--server', ctx.server.url, '--enrollment-key', made.body.key]);
    assert.equal(await run.exited, 1);
    assert.match(run.stderr, /That enrolment key is not valid: it may be wrong, revoked, expired or used up/);
  });

  test('flags: one way to connect at a time', async () => {
    const run = ctx.agent(['--server', ctx.server.url, '--enrollment-key', 'sek_x', '--code', 'ABCD-1234']);
    assert.equal(await run.exited, 1);
    assert.match(run.stderr, /Give one way to connect/);
  });
});
