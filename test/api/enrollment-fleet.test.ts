import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { enrollFleet } from '../support/enroll-load.ts';
import { consoleBase as base, newOrganization } from '../support/organizations.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/**
 * Issue 16's "done when": a fleet of 10,000 devices enrols with one key within the minute, from
 * one client address (a whole site behind one NAT), through the real HTTP server and database.
 * The devices are a load generator in a process of its own (test/support/enroll-load.ts).
 */
const FLEET = 10_000;
/** Requests in flight at once: a fleet's devices start together. */
const CONCURRENCY = 64;

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

test(`${FLEET.toLocaleString('en')} devices enrol with one key within a minute (${DIALECT})`, async () => {
  const { org, admin } = await newOrganization(server);
  const made = await admin.api.post(`${base(org)}/enrollment-keys`, {
    name: 'Warehouse scanners',
    group: 'Scanners',
    maxUses: FLEET,
  });
  assert.equal(made.status, 201);
  const cpu = process.cpuUsage();
  const { statuses, seconds } = await enrollFleet({
    url: server.url,
    enrollmentKey: made.body.key,
    count: FLEET,
    concurrency: CONCURRENCY,
  });
  const { user, system } = process.cpuUsage(cpu);
  // The server's CPU per enrolment beside the wall time: on a shared machine, the time is partly the machine's.
  console.log(
    `${DIALECT}: ${FLEET} enrolments in ${seconds.toFixed(1)} s (${Math.round(FLEET / seconds)}/s), ` +
      `server CPU ${((user + system) / 1000 / FLEET).toFixed(2)} ms per enrolment`,
  );
  assert.deepEqual(statuses, { 201: FLEET });
  assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);

  const keys = (await admin.api.get(`${base(org)}/enrollment-keys`)).body.enrollmentKeys;
  assert.deepEqual([keys[0].uses, keys[0].state], [FLEET, 'used_up']);
  const count = await server.service.deps.db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', org)
    .where('group_name', '=', 'Scanners')
    .executeTakeFirstOrThrow();
  assert.equal(Number(count.n), FLEET);
  // One more is refused: the key is used up.
  const more = await server.anonymous().post('/v1/device/enroll', {
    enrollmentKey: made.body.key,
    name: 'One too many',
    platform: 'android',
    apps: [],
  });
  assert.equal(more.status, 400);
  assert.equal(more.body.code, 'ENROLLMENT_KEY_INVALID');
});
