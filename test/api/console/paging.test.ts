import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { consoleBase as base, managedDevice, newOrganization } from '../../support/organizations.ts';
import { DIALECT, ManualClock, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

let server: TestServer;
const clock = new ManualClock();
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

/** Every page of a list, following `nextCursor`; the names in the order served. */
async function walk(api: any, path: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const r: { status: number; body: any } = await api.get(
      `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    names.push(...r.body.devices.map((d: any) => d.name));
    cursor = r.body.nextCursor;
    if (!cursor) return names;
  }
  throw new Error('too many pages');
}

describe(`admin console: devices paged by cursor, sorted and searched on the server (${DIALECT})`, () => {
  test('pages in every sort and order, searches literally, refuses tampered cursors', async () => {
    const { org, admin } = await newOrganization(server);
    const made: Record<string, string> = {};
    // Last seen in creation order: each a minute after the one before.
    for (const name of ['pc_01', 'pc101', 'Beta', 'alpha', 'PC-02', 'gamma 100%']) {
      clock.advance(60_000);
      made[name] = (await managedDevice(server, org, admin, { name })).deviceId;
    }
    for (const [name, group] of [
      ['pc_01', 'Sales'],
      ['Beta', 'accounts'],
      ['gamma 100%', 'Sales'],
    ] as const)
      await admin.api.patch(`${base(org)}/devices/${made[name]}`, { group });

    // Byte order after lower-casing, the same on both engines: '-' < '1' < '_'.
    const byName = ['alpha', 'Beta', 'gamma 100%', 'PC-02', 'pc101', 'pc_01'];
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?limit=2`), byName);
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?limit=4&order=desc`), [...byName].reverse());
    const seen = ['pc_01', 'pc101', 'Beta', 'alpha', 'PC-02', 'gamma 100%'];
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?sort=lastSeen&limit=2`), seen);
    assert.deepEqual(
      await walk(admin.api, `${base(org)}/devices?sort=lastSeen&order=desc&limit=5`),
      [...seen].reverse(),
    );
    // No group first, then the groups without regard to case, each by name.
    const byGroup = ['alpha', 'PC-02', 'pc101', 'Beta', 'gamma 100%', 'pc_01'];
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?sort=group&limit=1`), byGroup);
    assert.deepEqual(
      await walk(admin.api, `${base(org)}/devices?sort=group&order=desc&limit=3`),
      [...byGroup].reverse(),
    );

    // Search is literal: `_` and `%` are no wildcards; any case.
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?name=pc_01`), ['pc_01']);
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?name=PC_0`), ['pc_01']);
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?name=0%25`), ['gamma 100%']);
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?name=pc&limit=1`), [
      'PC-02',
      'pc101',
      'pc_01',
    ]);
    assert.deepEqual(await walk(admin.api, `${base(org)}/devices?group=Sales&limit=1`), [
      'gamma 100%',
      'pc_01',
    ]);

    // The existing fields are kept, with the cursor beside them.
    const first = await admin.api.get(`${base(org)}/devices?limit=2`);
    assert.deepEqual(Object.keys(first.body).sort(), ['devices', 'nextCursor']);
    assert.ok(first.body.devices[0].lastSeenAt && first.body.devices[0].apps);
    const cursor: string = first.body.nextCursor;

    // A cursor altered, or taken to another sort, order or organization, is refused; nothing else happens.
    const [payload, mac] = cursor.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), k: ['a', 'x'] }),
    ).toString('base64url');
    const other = await newOrganization(server, 'Other ApS');
    for (const [path, who] of [
      [`${base(org)}/devices?cursor=${forged}.${mac}`, admin],
      [`${base(org)}/devices?cursor=${payload}.${mac!.slice(1)}A`, admin],
      [`${base(org)}/devices?cursor=garbage`, admin],
      [`${base(org)}/devices?cursor=${cursor}&sort=lastSeen`, admin],
      [`${base(org)}/devices?cursor=${cursor}&order=desc`, admin],
      [`${base(other.org)}/devices?cursor=${cursor}`, other.admin],
    ] as const) {
      const r = await who.api.get(path);
      assert.equal(r.status, 400, path);
      assert.equal(r.body.code, 'INVALID_CURSOR');
      assert.match(r.headers.get('content-type') ?? '', /problem\+json/);
    }
    for (const limit of ['0', '501', 'x']) {
      const r = await admin.api.get(`${base(org)}/devices?limit=${limit}`);
      assert.equal(r.status, 400, limit);
    }
    assert.equal((await admin.api.get(`${base(org)}/devices?sort=platform`)).status, 400);
    assert.equal((await admin.api.get(`${base(org)}/devices?limit=500`)).body.devices.length, 6);
  });

  test('connect codes: no body, an empty body (with or without a JSON content type) or {} all work, and are audited', async () => {
    const { org, admin, member } = await newOrganization(server);
    const cookie = [...admin.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const post = (headers: Record<string, string>, body?: string) =>
      fetch(`${server.url}${base(org)}/connect-codes`, {
        method: 'POST',
        headers: { origin: server.url, cookie, ...headers },
        body,
      });
    for (const [headers, body] of [
      [{}, undefined],
      [{}, ''],
      [{ 'content-type': 'application/json' }, ''],
      [{ 'content-type': 'application/json' }, '{}'],
      [{ 'content-type': 'text/plain' }, ''],
      [{ 'content-type': 'application/json' }, `{"forAccountId":"${member.id}"}`],
    ] as const) {
      const r = await post(headers, body);
      assert.equal(r.status, 201, `${JSON.stringify(headers)} ${body}: ${await r.text()}`);
    }
    assert.equal((await post({ 'content-type': 'application/json' }, '{')).status, 400);
    assert.equal((await post({ 'content-type': 'text/plain' }, 'hello')).status, 415);
    assert.equal((await post({ 'content-type': 'application/json' }, '{"x":1}')).status, 400);

    const audit = await admin.api.get(`${base(org)}/audit?action=connect_code.create`);
    assert.equal(audit.body.entries.length, 6);
    assert.equal(audit.body.entries[0].targetId, member.id);
    assert.equal(audit.body.entries[0].detail.forAccountId, member.id);
    assert.ok(!JSON.stringify(audit.body).match(/"code"/), 'the code itself is never logged');
  });
});
